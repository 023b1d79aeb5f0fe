using QuantGrid.Engine.Data;

namespace QuantGrid.Engine.Tests.Data;

public sealed class DatasetLoaderTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Real_fashion_mnist_has_sixty_thousand_train_and_balanced_ten_thousand_test_images()
    {
        using var data = TestData.LoadFashion(trainLimit: null, testLimit: null);

        Assert.Equal(60_000, data.Train.Count);
        Assert.Equal(10_000, data.Test.Count);
        Assert.Equal(new long[] { 60_000, 1, 28, 28 }, data.Train.Images.shape);
        Assert.All(data.Test.LabelValues.GroupBy(l => l), g => Assert.Equal(1000, g.Count()));
        var mean = data.Train.Images.mean().item<float>();
        var std = data.Train.Images.std().item<float>();
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(std, 0.98, 1.02);
    }

    [Fact]
    public void Limits_take_stratified_subsets()
    {
        using var data = TestData.LoadFashion(trainLimit: 200, testLimit: 50);

        Assert.Equal(200, data.Train.Count);
        Assert.Equal(50, data.Test.Count);
        Assert.All(data.Train.LabelValues.GroupBy(l => l), g => Assert.Equal(20, g.Count()));
        Assert.All(data.Test.LabelValues.GroupBy(l => l), g => Assert.Equal(5, g.Count()));
    }

    [Fact]
    public void Image_and_label_counts_must_agree()
    {
        IdxWriter.WriteDataset(temp.Path, trainCount: 20, testCount: 10);
        IdxWriter.Write(temp.Path, "t10k-labels-idx1-ubyte", IdxWriter.Labels(1, 2, 3), compress: true);

        var error = Assert.Throws<DataFormatException>(() => DatasetLoader.Load(DatasetInfo.FashionMnist, temp.Path));

        Assert.EndsWith("t10k-labels-idx1-ubyte.gz", error.FilePath, StringComparison.Ordinal);
        Assert.Contains("3 labels but t10k-images-idx3-ubyte.gz has 10 images", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Raw_files_are_read_when_no_gzip_copy_exists()
    {
        IdxWriter.WriteDataset(temp.Path, trainCount: 20, testCount: 10, compress: false);

        using var data = DatasetLoader.Load(DatasetInfo.Mnist, temp.Path);

        Assert.Equal((20, 10), (data.Train.Count, data.Test.Count));
    }

    [Fact]
    public void Images_of_the_wrong_size_are_rejected()
    {
        IdxWriter.WriteDataset(temp.Path, trainCount: 20, testCount: 10);
        IdxWriter.Write(temp.Path, "train-images-idx3-ubyte", IdxWriter.Images(20, 32, 32), compress: true);

        Assert.Contains("32x32", Assert.Throws<DataFormatException>(() => DatasetLoader.Load(DatasetInfo.FashionMnist, temp.Path)).Message, StringComparison.Ordinal);
    }
}
