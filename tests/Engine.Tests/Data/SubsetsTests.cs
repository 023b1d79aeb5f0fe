using QuantGrid.Engine.Data;

namespace QuantGrid.Engine.Tests.Data;

public sealed class SubsetsTests
{
    [Fact]
    public void Stratified_subset_takes_classes_in_turn_and_keeps_file_order()
    {
        byte[] labels = [0, 0, 0, 1, 1, 2, 0, 2];

        var chosen = Subsets.Stratified(labels, 5);

        Assert.Equal(new[] { 0, 1, 3, 4, 5 }, chosen);
    }

    [Fact]
    public void Stratified_without_limit_keeps_everything()
    {
        Assert.Equal(new[] { 0, 1, 2 }, Subsets.Stratified(new byte[] { 2, 1, 0 }, null));
    }

    [Fact]
    public void Shuffle_is_a_permutation_fixed_by_seed_and_epoch()
    {
        var a = Subsets.Shuffle(1000, seed: 3, epoch: 1);

        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), a.Order());
        Assert.Equal(a, Subsets.Shuffle(1000, seed: 3, epoch: 1));
        Assert.NotEqual(a, Subsets.Shuffle(1000, seed: 3, epoch: 2));
        Assert.NotEqual(a, Subsets.Shuffle(1000, seed: 4, epoch: 1));
    }

    [Fact]
    public void Shuffle_order_is_pinned_so_that_every_process_trains_on_the_same_order()
    {
        Assert.Equal(new long[] { 603, 888, 863, 245, 39 }, Subsets.Shuffle(1000, seed: 3, epoch: 1)[..5]);
    }
}
