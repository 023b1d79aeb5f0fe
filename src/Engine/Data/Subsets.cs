namespace QuantGrid.Engine.Data;

/// <summary>Deterministic subsets and orders of a split.</summary>
public static class Subsets
{
    /// <summary>
    /// The first <paramref name="limit"/> examples taken class by class in turn (a stratified subset that
    /// keeps the file's order within each class). Null or a limit ≥ the count keeps everything.
    /// </summary>
    public static int[] Stratified(IReadOnlyList<byte> labels, int? limit)
    {
        if (limit is null || limit >= labels.Count)
        {
            return Enumerable.Range(0, labels.Count).ToArray();
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit.Value);
        var byClass = labels
            .Select((label, index) => (label, index))
            .GroupBy(x => x.label)
            .OrderBy(g => g.Key)
            .Select(g => new Queue<int>(g.Select(x => x.index)))
            .ToList();
        var chosen = new List<int>(limit.Value);
        while (chosen.Count < limit)
        {
            foreach (var queue in byClass)
            {
                if (chosen.Count < limit && queue.TryDequeue(out var index))
                {
                    chosen.Add(index);
                }
            }
        }

        chosen.Sort();
        return [.. chosen];
    }

    /// <summary>A permutation of 0..count-1 that depends only on the seed and the epoch.</summary>
    public static long[] Shuffle(int count, int seed, int epoch)
    {
        var order = new long[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        new Random(HashCode.Combine(seed, epoch, 0x51A7)).Shuffle(order);
        return order;
    }
}
