using QuantGrid.Engine.Models;
using QuantGrid.Engine.Storage;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Tests.Storage;

public sealed class CheckpointFileTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private static CheckpointMetadata Metadata(string model) => new(model, "fashion-mnist", 1, 2, 20_490, 0.9, "key", DateTimeOffset.UnixEpoch);

    [Fact]
    public void Round_trip_restores_identical_outputs_and_metadata()
    {
        using var original = ModelRegistry.Create("cnn", seed: 1);
        using var restored = ModelRegistry.Create("cnn", seed: 2);
        var path = temp.File("cnn.ckpt");

        var written = CheckpointFile.Save(original, Metadata("cnn"), path);
        var read = CheckpointFile.Load(restored, path, "cnn");

        Assert.Equal(written, read);
        Assert.Equal(64, read.Sha256.Length);
        using var scope = NewDisposeScope();
        var input = randn(4, 1, 28, 28);
        original.eval();
        restored.eval();
        TensorAssert.Equal(original.forward(input), restored.forward(input));
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp"));
    }

    [Fact]
    public void A_flipped_byte_is_detected_by_the_hash()
    {
        using var model = ModelRegistry.Create("cnn", seed: 1);
        var path = temp.File("cnn.ckpt");
        CheckpointFile.Save(model, Metadata("cnn"), path);
        var bytes = File.ReadAllBytes(path);
        bytes[^100] ^= 0x40;
        File.WriteAllBytes(path, bytes);

        Assert.Contains("corrupt", Assert.Throws<CheckpointException>(() => CheckpointFile.Load(model, path, "cnn")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_file_is_detected()
    {
        using var model = ModelRegistry.Create("cnn", seed: 1);
        var path = temp.File("cnn.ckpt");
        CheckpointFile.Save(model, Metadata("cnn"), path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 10)]);

        Assert.Contains("truncated", Assert.Throws<CheckpointException>(() => CheckpointFile.ReadMetadata(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_checkpoint_for_another_model_is_refused()
    {
        using var model = ModelRegistry.Create("cnn", seed: 1);
        var path = temp.File("cnn.ckpt");
        CheckpointFile.Save(model, Metadata("cnn"), path);

        Assert.Contains("not 'vgg16'", Assert.Throws<CheckpointException>(() => CheckpointFile.Load(model, path, "vgg16")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_is_not_a_checkpoint()
    {
        var path = temp.File("junk.ckpt");
        File.WriteAllText(path, "hello");

        Assert.Contains("bad magic", Assert.Throws<CheckpointException>(() => CheckpointFile.ReadMetadata(path)).Message, StringComparison.Ordinal);
    }
}
