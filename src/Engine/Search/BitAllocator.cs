namespace QuantGrid.Engine.Search;

/// <summary>
/// Greedy bit allocation over a sensitivity table: start with every layer at the narrowest width, then repeatedly
/// widen the layer whose move buys the most predicted accuracy per added byte (a move may skip widths, so a layer
/// whose drop only falls at a wider width is still found), until every layer is at the widest width. Every step is
/// a point; the points no other point beats on both size and predicted drop form the frontier.
/// </summary>
public static class BitAllocator
{
    public static IReadOnlyList<FrontierPoint> Frontier(ModelLayout layout, SensitivityTable table)
    {
        if (table.LayerCount != layout.Layers.Count)
        {
            throw new ArgumentException($"the sensitivity table has {table.LayerCount} layers but {layout.Model} has {layout.Layers.Count}");
        }

        var current = new int[layout.Layers.Count];
        var steps = new List<FrontierPoint> { Point(layout, table, current) };
        var top = table.Widths.Count - 1;
        while (current.Any(w => w < top))
        {
            var best = (Layer: -1, Width: -1, Score: double.NegativeInfinity);
            for (var layer = 0; layer < current.Length; layer++)
            {
                for (var width = current[layer] + 1; width <= top; width++)
                {
                    var gain = table.Drop(layer, current[layer]) - table.Drop(layer, width);
                    var cost = PackedSize.Layer(layout.Layers[layer], table.Widths[width]) - PackedSize.Layer(layout.Layers[layer], table.Widths[current[layer]]);
                    var score = gain / Math.Max(1, cost);
                    if (score > best.Score)
                    {
                        best = (layer, width, score);
                    }
                }
            }

            current[best.Layer] = best.Width;
            steps.Add(Point(layout, table, current));
        }

        return Pareto(steps);
    }

    /// <summary>The points not beaten on both size and drop, by ascending size.</summary>
    public static IReadOnlyList<FrontierPoint> Pareto(IEnumerable<FrontierPoint> points)
    {
        var frontier = new List<FrontierPoint>();
        foreach (var point in points.OrderBy(p => p.PredictedBytes).ThenBy(p => p.PredictedDrop))
        {
            if (frontier.Count == 0 || point.PredictedDrop < frontier[^1].PredictedDrop - 1e-12)
            {
                frontier.Add(point);
            }
        }

        return frontier;
    }

    private static FrontierPoint Point(ModelLayout layout, SensitivityTable table, int[] widthIndices)
    {
        var bits = widthIndices.Select(i => table.Widths[i]).ToArray();
        return new FrontierPoint(bits, layout.PackedBytes(bits), table.PredictedDrop(widthIndices));
    }
}
