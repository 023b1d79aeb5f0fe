using QuantGrid.Engine.Data;

namespace QuantGrid.Engine.Tests.Data;

public sealed class DatasetLocatorTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Explicit_directory_or_its_dataset_subdirectory_is_accepted()
    {
        var nested = Directory.CreateDirectory(Path.Combine(temp.Path, "fashion-mnist")).FullName;
        IdxWriter.WriteDataset(nested, 10, 10);

        Assert.Equal(nested, DatasetLocator.Resolve(DatasetInfo.FashionMnist, nested));
        Assert.Equal(nested, DatasetLocator.Resolve(DatasetInfo.FashionMnist, temp.Path));
    }

    [Fact]
    public void Missing_directory_is_one_clear_error()
    {
        var missing = Path.Combine(temp.Path, "nope");

        var error = Assert.Throws<DataFormatException>(() => DatasetLocator.Resolve(DatasetInfo.FashionMnist, missing));

        Assert.Equal($"{missing}: data directory not found", error.Message);
    }

    [Fact]
    public void Directory_missing_a_file_names_that_file()
    {
        IdxWriter.WriteDataset(temp.Path, 10, 10);
        File.Delete(Path.Combine(temp.Path, "t10k-labels-idx1-ubyte.gz"));

        var error = Assert.Throws<DataFormatException>(() => DatasetLocator.Resolve(DatasetInfo.FashionMnist, temp.Path));

        Assert.EndsWith("t10k-labels-idx1-ubyte", error.FilePath, StringComparison.Ordinal);
        Assert.Contains("file not found", error.Message, StringComparison.Ordinal);
    }
}
