using System.Text;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Storage;

/// <summary>
/// The state of a training run after its last finished epoch, so that an interrupted run continues where it
/// stopped: magic <c>QGRESUME1</c>, a length-prefixed JSON <see cref="TrainingResumePoint"/> (with the SHA-256 of
/// the payload), then the model's and the optimizer's state dictionaries. Written atomically after every epoch
/// but the last; a file that does not verify or belongs to other training settings is ignored.
/// </summary>
public sealed class TrainingResumeFile(string path, string trainingKey)
{
    private static readonly byte[] Magic = "QGRESUME1"u8.ToArray();

    public string Path { get; } = path;

    public string TrainingKey { get; } = trainingKey;

    /// <summary>The resume file of the float checkpoint at <paramref name="checkpointPath"/>: the same name with <c>.resume</c> appended.</summary>
    public static TrainingResumeFile ForCheckpoint(string checkpointPath, string trainingKey) => new(checkpointPath + ".resume", trainingKey);

    /// <summary>Writes the model's and optimizer's state after <paramref name="point"/>'s epoch.</summary>
    public void Save(nn.Module<Tensor, Tensor> model, OptimizerHelper optimizer, TrainingResumePoint point)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            model.save(writer);
        }

        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            optimizer.save_state_dict(writer);
        }

        var payload = buffer.ToArray();
        HashedFile.Write(Path, Magic, point with { TrainingKey = TrainingKey, ModelShape = Shape(model), PayloadBytes = payload.Length, Sha256 = HashedFile.Hash(payload) }, payload);
    }

    /// <summary>
    /// Loads the saved state into <paramref name="model"/> and <paramref name="optimizer"/> and returns where training
    /// stopped; null (and nothing loaded) when there is no file, it is damaged, or it was made with other settings or
    /// for a model of other tensor names and shapes.
    /// </summary>
    /// <exception cref="CheckpointException">The state passed every check and still failed to load: the model may be
    /// half loaded, so the run fails; the file is deleted, and the next attempt starts over.</exception>
    public TrainingResumePoint? TryRestore(nn.Module<Tensor, Tensor> model, OptimizerHelper optimizer)
    {
        if (!File.Exists(Path) || Read() is not { } saved || saved.Point.TrainingKey != TrainingKey || saved.Point.ModelShape != Shape(model))
        {
            return null;
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(saved.Payload));
            model.load(reader, strict: true);
            optimizer.load_state_dict(reader);
            return saved.Point;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException)
        {
            Delete();
            throw new CheckpointException($"{Path}: the saved training state does not fit the model ({ex.Message}); it was deleted, and the next attempt starts over", ex);
        }
    }

    /// <summary>Removes the file, if there is one (once the finished model is saved).</summary>
    public void Delete()
    {
        if (File.Exists(Path))
        {
            File.Delete(Path);
        }
    }

    private (TrainingResumePoint Point, byte[] Payload)? Read()
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return bytes.AsSpan().StartsWith(Magic) && HashedFile.TryParse<TrainingResumePoint>(bytes, Magic.Length, Verify, out var point, out var payload, out _)
            ? (point, payload)
            : null;
    }

    /// <summary>A hash of the model's state names and tensor shapes: a resume file fits only the model it was saved from.</summary>
    private static string Shape(nn.Module<Tensor, Tensor> model) =>
        HashedFile.Hash(Encoding.UTF8.GetBytes(string.Join(';', model.state_dict().Select(entry => $"{entry.Key}:{string.Join('x', entry.Value.shape)}"))));

    private static string? Verify(TrainingResumePoint point, byte[] payload) =>
        payload.Length == point.PayloadBytes && HashedFile.Hash(payload) == point.Sha256 ? null : "damaged";
}
