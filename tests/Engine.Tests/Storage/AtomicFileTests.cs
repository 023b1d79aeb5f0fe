using QuantGrid.Engine.Storage;

namespace QuantGrid.Engine.Tests.Storage;

public sealed class AtomicFileTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_write_that_fails_midway_like_a_full_disk_leaves_the_old_file_and_no_partial_one()
    {
        var path = temp.File("result.json");
        File.WriteAllText(path, "old content");

        var error = Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[4096]);
            throw new IOException("No space left on device");
        }));

        Assert.Equal("No space left on device", error.Message);
        Assert.Equal("old content", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void A_successful_write_replaces_the_file_and_creates_its_directory()
    {
        var path = Path.Combine(temp.Path, "nested", "deeper", "file.bin");

        AtomicFile.Write(path, stream => stream.Write([1, 2, 3]));
        AtomicFile.Write(path, stream => stream.Write([4, 5]));

        Assert.Equal(new byte[] { 4, 5 }, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }
}
