namespace QuantGrid.Engine.Search;

/// <summary>
/// Bit allocation over a sensitivity table: the exact size–drop frontier of the additive model (the drop of an
/// allocation is the sum of its layers' drops). A dynamic program adds one layer at a time and keeps only the partial
/// allocations that no other beats on both bytes and drop, so every frontier point is the smallest allocation for
/// its drop and the most accurate for its size. (A greedy "widen the layer with the best gain per byte" misses such
/// optima when sensitivities are not convex; the tests compare with brute force.)
/// </summary>
public static class BitAllocator
{
    /// <summary>Partial frontiers larger than this are thinned to the best point per size bucket (large models only).</summary>
    private const int MaxPartialPoints = 20_000;

    public static IReadOnlyList<FrontierPoint> Frontier(ModelLayout layout, SensitivityTable table)
    {
        if (table.LayerCount != layout.Layers.Count)
        {
            throw new ArgumentException($"the sensitivity table has {table.LayerCount} layers but {layout.Model} has {layout.Layers.Count}");
        }

        var partial = new List<Partial> { new(0, 0, []) };
        for (var layer = 0; layer < layout.Layers.Count; layer++)
        {
            var next = new List<Partial>(partial.Count * table.Widths.Count);
            for (var w = 0; w < table.Widths.Count; w++)
            {
                var bytes = PackedSize.Layer(layout.Layers[layer], table.Widths[w]);
                var drop = table.Drop(layer, w);
                next.AddRange(partial.Select(p => new Partial(p.Bytes + bytes, p.Drop + drop, [.. p.WidthIndices, w])));
            }

            partial = Thin(Pareto(next, p => p.Bytes, p => p.Drop));
        }

        return [.. partial.Select(p => Point(layout, table, p.WidthIndices))];
    }

    /// <summary>The points not beaten on both size and drop, by ascending size.</summary>
    public static IReadOnlyList<FrontierPoint> Pareto(IEnumerable<FrontierPoint> points) => Pareto(points, p => p.PredictedBytes, p => p.PredictedDrop);

    private static List<T> Pareto<T>(IEnumerable<T> points, Func<T, long> bytes, Func<T, double> drop)
    {
        var kept = new List<T>();
        foreach (var point in points.OrderBy(bytes).ThenBy(drop))
        {
            if (kept.Count == 0 || drop(point) < drop(kept[^1]) - 1e-12)
            {
                kept.Add(point);
            }
        }

        return kept;
    }

    private static List<Partial> Thin(List<Partial> points)
    {
        if (points.Count <= MaxPartialPoints)
        {
            return points;
        }

        var (min, max) = (points[0].Bytes, points[^1].Bytes);
        var bucket = Math.Max(1.0, (max - min) / (double)MaxPartialPoints);
        return [.. points.GroupBy(p => (long)((p.Bytes - min) / bucket)).Select(g => g.MinBy(p => p.Drop)!)];
    }

    private static FrontierPoint Point(ModelLayout layout, SensitivityTable table, int[] widthIndices)
    {
        var bits = widthIndices.Select(i => table.Widths[i]).ToArray();
        return new FrontierPoint(bits, layout.PackedBytes(bits), table.PredictedDrop(widthIndices));
    }

    private sealed record Partial(long Bytes, double Drop, int[] WidthIndices);
}
