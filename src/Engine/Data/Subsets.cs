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

    /// <summary>
    /// Carves a validation set of <paramref name="validation"/> examples from a training split: the last examples
    /// of each class in file order, taken class by class in turn (stratified, fixed, independent of any seed).
    /// The training indices are the rest, reduced to <paramref name="trainLimit"/> by <see cref="Stratified"/>.
    /// </summary>
    public static (int[] Train, int[] Validation) HoldOut(IReadOnlyList<byte> labels, int validation, int? trainLimit)
    {
        if (validation is < 0 || validation >= labels.Count)
        {
            throw new ArgumentException($"a validation set must hold 0..{labels.Count - 1} of the {labels.Count} training images, got {validation}");
        }

        if (validation == 0)
        {
            return (Stratified(labels, trainLimit), []);
        }

        var reversed = Enumerable.Range(0, labels.Count).Reverse().ToArray();
        var held = Stratified([.. reversed.Select(i => labels[i])], validation).Select(i => reversed[i]).ToHashSet();
        var rest = Enumerable.Range(0, labels.Count).Where(i => !held.Contains(i)).ToArray();
        var train = Stratified([.. rest.Select(i => labels[i])], trainLimit).Select(i => rest[i]).ToArray();
        var heldSorted = held.ToArray();
        Array.Sort(heldSorted);
        return (train, heldSorted);
    }

    /// <summary>A permutation of 0..count-1 that depends only on the seed and the epoch.</summary>
    public static long[] Shuffle(int count, int seed, int epoch)
    {
        var order = new long[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        new Random(StableSeed(seed, epoch)).Shuffle(order);
        return order;
    }

    /// <summary>A well-mixed seed from a run seed and an epoch (or any second number), the same on every machine.</summary>
    public static int StableSeed(int seed, int epoch)
    {
        var x = unchecked(((ulong)(uint)seed << 32) | (uint)epoch) + 0x9E3779B97F4A7C15UL;
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        return (int)(x ^ (x >> 31)) & int.MaxValue;
    }
}
