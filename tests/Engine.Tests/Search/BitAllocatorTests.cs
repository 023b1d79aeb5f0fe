using QuantGrid.Engine.Search;

namespace QuantGrid.Engine.Tests.Search;

public sealed class BitAllocatorTests
{
    private static readonly int[] Widths = [2, 4, 8];

    /// <summary>A small sensitive layer, a medium one, a large robust one, and one that 4 bits already saves.</summary>
    private static readonly ModelLayout Layout = new(
        "synthetic",
        [new LayerProfile(0, "small", 100, 4), new LayerProfile(1, "medium", 1000, 8), new LayerProfile(2, "large", 10_000, 16), new LayerProfile(3, "robust at 4", 1000, 8)],
        StatelessLayers: 2);

    private static readonly SensitivityTable Table = new(Widths, [[0.05, 0.01, 0], [0.02, 0.002, 0], [0.004, 0.001, 0], [0.03, 0, 0]]);

    [Theory]
    [InlineData(0.001)]
    [InlineData(0.005)]
    [InlineData(0.01)]
    [InlineData(0.02)]
    [InlineData(0.05)]
    public void The_smallest_frontier_point_within_a_drop_is_the_brute_force_optimum(double target)
    {
        var frontier = BitAllocator.Frontier(Layout, Table);

        var chosen = frontier.First(p => p.PredictedDrop <= target + 1e-12);
        var optimum = AllAllocations().Where(a => a.Drop <= target + 1e-12).MinBy(a => a.Bytes);

        Assert.Equal(optimum.Bytes, chosen.PredictedBytes);
        Assert.Equal(chosen.PredictedBytes, Layout.PackedBytes(chosen.WeightBits));
        Assert.Equal(AllAllocations().Where(a => a.Bits.SequenceEqual(chosen.WeightBits)).Single().Drop, chosen.PredictedDrop, 12);
    }

    [Fact]
    public void The_frontier_runs_from_all_narrowest_to_all_widest_growing_in_size_and_falling_in_drop()
    {
        var frontier = BitAllocator.Frontier(Layout, Table);

        Assert.Equal(AllAllocations().Count(a => !AllAllocations().Any(b => b.Bytes <= a.Bytes && b.Drop < a.Drop - 1e-12) && !AllAllocations().Any(b => b.Bytes < a.Bytes && b.Drop <= a.Drop + 1e-12)), frontier.Count);
        Assert.Equal([2, 2, 2, 2], frontier[0].WeightBits);
        Assert.Equal(0, frontier[^1].PredictedDrop, 12);
        Assert.All(frontier.Zip(frontier.Skip(1)), p =>
        {
            Assert.True(p.Second.PredictedBytes > p.First.PredictedBytes);
            Assert.True(p.Second.PredictedDrop < p.First.PredictedDrop);
        });
    }

    [Fact]
    public void A_layer_whose_drop_only_falls_at_a_wider_width_is_widened_to_it()
    {
        var table = new SensitivityTable(Widths, [[0.05, 0.05, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]]);

        var frontier = BitAllocator.Frontier(Layout, table);

        Assert.Equal([8, 2, 2, 2], frontier.First(p => p.PredictedDrop == 0).WeightBits);
    }

    [Fact]
    public void A_deep_model_gets_a_pareto_frontier_from_all_narrowest_to_the_least_drop()
    {
        var layout = LayerProfiles.Of("mobilenet");
        var random = new Random(7);
        var widths = new[] { 2, 3, 4, 6, 8 };
        var table = new SensitivityTable(widths, [.. layout.Layers.Select(_ => widths.Select(w => random.NextDouble() * 0.05 / (w * w)).ToArray())]);

        var frontier = BitAllocator.Frontier(layout, table);

        Assert.Equal(Enumerable.Repeat(2, layout.Layers.Count), frontier[0].WeightBits);
        Assert.Equal(frontier.Count, BitAllocator.Pareto(frontier).Count);
        Assert.Equal(layout.Layers.Sum(l => widths.Select((_, w) => table.Drop(l.Index, w)).Min()), frontier[^1].PredictedDrop, 9);
        Assert.All(frontier, p => Assert.Equal(layout.PackedBytes(p.WeightBits), p.PredictedBytes));
    }

    [Fact]
    public void Tables_that_do_not_fit_the_model_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => BitAllocator.Frontier(Layout, new SensitivityTable(Widths, [[0, 0, 0]])));
        Assert.Throws<ArgumentException>(() => new SensitivityTable([4, 2], [[0, 0]]));
        Assert.Throws<ArgumentException>(() => new SensitivityTable(Widths, [[0, 0]]));
    }

    private static IEnumerable<(int[] Bits, long Bytes, double Drop)> AllAllocations()
    {
        var count = Layout.Layers.Count;
        for (var code = 0; code < (int)Math.Pow(Widths.Length, count); code++)
        {
            var indices = Enumerable.Range(0, count).Select(l => code / (int)Math.Pow(Widths.Length, l) % Widths.Length).ToArray();
            var bits = indices.Select(i => Widths[i]).ToArray();
            yield return (bits, Layout.PackedBytes(bits), Table.PredictedDrop(indices));
        }
    }
}
