using System.Buffers.Binary;
using QuantGrid.Engine.Data;

namespace QuantGrid.Engine.Tests.Data;

public sealed class IdxFileTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_raw_and_gzip_images_alike(bool compress)
    {
        var content = IdxWriter.Images(3, 4, 5);
        var path = temp.File("images");
        File.WriteAllBytes(path, compress ? IdxWriter.Gzip(content) : content);

        var images = IdxFile.ReadImages(path);

        Assert.Equal((3, 4, 5), (images.Count, images.Rows, images.Columns));
        Assert.Equal(content.AsSpan(16).ToArray(), images.Pixels.ToArray());
    }

    [Fact]
    public void Reads_labels()
    {
        var path = temp.File("labels");
        File.WriteAllBytes(path, IdxWriter.Labels(0, 9, 3));

        Assert.Equal(new byte[] { 0, 9, 3 }, IdxFile.ReadLabels(path, 10));
    }

    [Fact]
    public void Truncated_image_file_names_the_file_and_the_shortfall()
    {
        var path = temp.File("short-images");
        File.WriteAllBytes(path, IdxWriter.Images(10, 28, 28)[..5000]);

        var error = Assert.Throws<DataFormatException>(() => IdxFile.ReadImages(path));

        Assert.Equal(path, error.FilePath);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.Contains("10 images", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_shorter_than_sixteen_bytes_is_truncated()
    {
        var path = temp.File("tiny");
        File.WriteAllBytes(path, [0, 0, 8, 3, 0]);

        Assert.Contains("truncated", Assert.Throws<DataFormatException>(() => IdxFile.ReadImages(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_bytes_are_rejected()
    {
        var path = temp.File("long");
        File.WriteAllBytes(path, [.. IdxWriter.Images(2, 28, 28), 1, 2, 3]);

        Assert.Contains("3 unexpected bytes", Assert.Throws<DataFormatException>(() => IdxFile.ReadImages(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_magic_is_reported_in_hex()
    {
        var path = temp.File("labels-as-images");
        File.WriteAllBytes(path, IdxWriter.Labels([.. Enumerable.Repeat((byte)1, 20)]));

        var error = Assert.Throws<DataFormatException>(() => IdxFile.ReadImages(path));

        Assert.Contains("wrong magic number 0x00000801", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Label_out_of_range_is_rejected_with_its_index()
    {
        var path = temp.File("bad-labels");
        File.WriteAllBytes(path, IdxWriter.Labels(1, 2, 12));

        Assert.Contains("label 12 at index 2", Assert.Throws<DataFormatException>(() => IdxFile.ReadLabels(path, 10)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_dimension_is_rejected()
    {
        var path = temp.File("negative");
        var bytes = IdxWriter.Images(1, 28, 28);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), -1);
        File.WriteAllBytes(path, bytes);

        Assert.Contains("negative image count", Assert.Throws<DataFormatException>(() => IdxFile.ReadImages(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_gzip_stream_is_reported()
    {
        var path = temp.File("broken.gz");
        var gz = IdxWriter.Gzip(IdxWriter.Images(50, 28, 28));
        File.WriteAllBytes(path, gz[..(gz.Length / 2)]);

        Assert.Contains("gzip", Assert.Throws<DataFormatException>(() => IdxFile.ReadImages(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_reported_as_not_found()
    {
        var path = temp.File("nothing-here");

        var error = Assert.Throws<DataFormatException>(() => IdxFile.ReadImages(path));

        Assert.Equal($"{path}: file not found", error.Message);
    }
}
