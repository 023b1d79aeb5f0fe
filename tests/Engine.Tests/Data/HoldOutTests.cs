using QuantGrid.Engine.Data;

namespace QuantGrid.Engine.Tests.Data;

public sealed class HoldOutTests
{
    private static readonly byte[] Labels = [.. Enumerable.Range(0, 1000).Select(i => (byte)(i * 7 % 10))];

    [Fact]
    public void Validation_is_disjoint_from_training_stratified_and_the_rest_is_training()
    {
        var (train, validation) = Subsets.HoldOut(Labels, 200, trainLimit: null);

        Assert.Empty(train.Intersect(validation));
        Assert.Equal(Enumerable.Range(0, Labels.Length), train.Concat(validation).Order());
        Assert.All(validation.GroupBy(i => Labels[i]), g => Assert.Equal(20, g.Count()));
    }

    [Fact]
    public void Validation_does_not_depend_on_the_training_limit_and_never_changes()
    {
        var (_, full) = Subsets.HoldOut(Labels, 200, trainLimit: null);
        var (limitedTrain, limited) = Subsets.HoldOut(Labels, 200, trainLimit: 100);

        Assert.Equal(full, limited);
        Assert.Equal(full, Subsets.HoldOut(Labels, 200, trainLimit: null).Validation);
        Assert.Equal(100, limitedTrain.Length);
        Assert.Empty(limitedTrain.Intersect(limited));
        Assert.True(full.Min() > 700, "the validation images are the last of each class in file order");
    }

    [Fact]
    public void No_validation_keeps_the_training_subset_unchanged()
    {
        var (train, validation) = Subsets.HoldOut(Labels, 0, trainLimit: 300);

        Assert.Empty(validation);
        Assert.Equal(Subsets.Stratified(Labels, 300), train);
    }

    [Fact]
    public void Loading_with_a_validation_split_carves_it_from_the_training_file()
    {
        using var data = DatasetLoader.Load(DatasetInfo.FashionMnist, TestData.FashionMnist, trainLimit: 1000, testLimit: 100, validation: 500);

        Assert.Equal(1000, data.Train.Count);
        Assert.Equal(500, data.Validation!.Count);
        Assert.Equal(100, data.Test.Count);
        Assert.All(data.Validation.LabelValues.GroupBy(l => l), g => Assert.Equal(50, g.Count()));
    }

    [Fact]
    public void An_impossible_validation_size_is_a_one_line_error()
    {
        Assert.Contains("validation set must hold", Assert.Throws<ArgumentException>(() => Subsets.HoldOut(Labels, 1000, null)).Message, StringComparison.Ordinal);
    }
}
