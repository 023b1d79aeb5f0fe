using System.Text;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Storage;

/// <summary>
/// Float checkpoints: magic <c>QGCKPT01</c>, a length-prefixed JSON <see cref="CheckpointMetadata"/> (with the
/// SHA-256 of the payload), then the TorchSharp state dictionary. Written atomically; verified on load.
/// </summary>
public static class CheckpointFile
{
    private static readonly byte[] Magic = "QGCKPT01"u8.ToArray();

    /// <summary>Saves the weights and returns the metadata as written (with hash and size).</summary>
    public static CheckpointMetadata Save(nn.Module<Tensor, Tensor> model, CheckpointMetadata metadata, string path)
    {
        var payload = SerializeWeights(model);
        var written = metadata with { Sha256 = HashedFile.Hash(payload), PayloadBytes = payload.Length };
        HashedFile.Write(path, Magic, written, payload);
        return written;
    }

    /// <summary>Reads and verifies the metadata and payload hash without touching a model.</summary>
    public static CheckpointMetadata ReadMetadata(string path) => Read(path).Metadata;

    /// <summary>Loads the weights into <paramref name="model"/> after checking the hash and the model name.</summary>
    public static CheckpointMetadata Load(nn.Module<Tensor, Tensor> model, string path, string expectedModel)
    {
        var (metadata, payload) = Read(path);
        if (!string.Equals(metadata.Model, expectedModel, StringComparison.Ordinal))
        {
            throw new CheckpointException($"{path}: checkpoint is for model '{metadata.Model}', not '{expectedModel}'");
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(payload));
            model.load(reader, strict: true);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException)
        {
            throw new CheckpointException($"{path}: weights do not fit model '{expectedModel}' ({ex.Message})", ex);
        }

        return metadata;
    }

    /// <summary>The bytes of the model's state dictionary as TorchSharp writes it (the float model's size).</summary>
    public static byte[] SerializeWeights(nn.Module<Tensor, Tensor> model)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            model.save(writer);
        }

        return buffer.ToArray();
    }

    private static (CheckpointMetadata Metadata, byte[] Payload) Read(string path)
    {
        var bytes = AtomicFile.ReadWithMagic(path, Magic, Magic.Length + 4, "checkpoint", (message, inner) => new CheckpointException(message, inner!));
        return HashedFile.TryParse<CheckpointMetadata>(bytes, Magic.Length, Verify, out var metadata, out var payload, out var error)
            ? (metadata, payload)
            : throw new CheckpointException($"{path}: {error}");
    }

    private static string? Verify(CheckpointMetadata metadata, byte[] payload)
    {
        if (payload.Length != metadata.PayloadBytes)
        {
            return $"truncated checkpoint ({payload.Length} of {metadata.PayloadBytes} payload bytes)";
        }

        var hash = HashedFile.Hash(payload);
        return hash == metadata.Sha256
            ? null
            : $"checkpoint content hash {hash[..12]} does not match its header ({metadata.Sha256[..Math.Min(12, metadata.Sha256.Length)]}): the file is corrupt";
    }
}
