using QuantGrid.Engine.Data;

namespace QuantGrid.Engine.Tests.Data;

public sealed class IdxFileCacheTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void An_unchanged_file_is_decoded_once()
    {
        var path = temp.File("images");
        File.WriteAllBytes(path, IdxWriter.Gzip(IdxWriter.Images(3, 28, 28)));

        var first = IdxFileCache.ReadImages(path);
        var second = IdxFileCache.ReadImages(path);

        Assert.Same(first, second);
    }

    [Fact]
    public void A_changed_file_is_read_and_validated_again()
    {
        var path = temp.File("images");
        File.WriteAllBytes(path, IdxWriter.Images(3, 28, 28));
        Assert.Equal(3, IdxFileCache.ReadImages(path).Count);

        File.WriteAllBytes(path, IdxWriter.Images(4, 28, 28));
        Assert.Equal(4, IdxFileCache.ReadImages(path).Count);

        File.WriteAllBytes(path, IdxWriter.Images(4, 28, 28)[..1000]);
        Assert.Contains("truncated", Assert.Throws<DataFormatException>(() => IdxFileCache.ReadImages(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Callers_get_their_own_copy_of_the_labels()
    {
        var path = temp.File("labels");
        File.WriteAllBytes(path, IdxWriter.Labels(1, 2, 3));

        IdxFileCache.ReadLabels(path, 10)[0] = 9;

        Assert.Equal(new byte[] { 1, 2, 3 }, IdxFileCache.ReadLabels(path, 10));
    }
}
