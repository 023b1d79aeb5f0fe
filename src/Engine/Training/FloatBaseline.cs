using QuantGrid.Engine.Data;
using QuantGrid.Engine.Models;
using QuantGrid.Engine.Storage;
using TorchSharp;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Training;

/// <summary>A float model ready for quantization: loaded from its checkpoint when it exists and matches, else trained and saved.</summary>
public sealed record FloatBaseline(nn.Module<Tensor, Tensor> Model, CheckpointMetadata Checkpoint, bool Reused, double TrainSeconds) : IDisposable
{
    /// <summary>
    /// Reuses <c>request.CheckpointPath</c> when its training key matches and its hash verifies; a corrupt or
    /// mismatched file is replaced by a fresh training run, which continues an interrupted one from its last
    /// finished epoch (<see cref="TrainingResumeFile"/>).
    /// </summary>
    public static FloatBaseline LoadOrTrain(FloatTrainingRequest request, DatasetSplits data, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var path = request.CheckpointPath ?? throw new ArgumentException("a float checkpoint path is required");
        var info = ModelRegistry.Get(request.Model);
        var key = FloatTraining.TrainingKey(request);
        var model = ModelRegistry.Create(info.Name, request.Training.Seed, data.Dataset.ClassCount);
        try
        {
            if (TryLoad(model, path, info.Name, key) is { } existing)
            {
                model.to(DeviceSelector.Resolve(request.Training.Device));
                model.eval();
                return new FloatBaseline(model, existing, Reused: true, TrainSeconds: 0);
            }

            if (File.Exists(path))
            {
                // A checkpoint that failed to load may have filled part of the model: train from the seed's weights.
                model.Dispose();
                model = ModelRegistry.Create(info.Name, request.Training.Seed, data.Dataset.ClassCount);
            }

            var resume = TrainingResumeFile.ForCheckpoint(path, key);
            var report = Trainer.Train(model, data.Train, request.Training, info.DefaultLearningRate, progress, resume: resume, cancellationToken: cancellationToken);
            var metadata = new CheckpointMetadata(info.Name, data.Dataset.Name, request.Training.Seed, request.Training.Epochs, ModelRegistry.CountParameters(model), null, key, DateTimeOffset.UtcNow);
            var saved = CheckpointFile.Save(model, metadata, path);
            resume.Delete();
            return new FloatBaseline(model, saved, Reused: false, report.Seconds);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public void Dispose() => Model.Dispose();

    private static CheckpointMetadata? TryLoad(nn.Module<Tensor, Tensor> model, string path, string modelName, string key)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var metadata = CheckpointFile.ReadMetadata(path);
            return metadata.TrainingKey == key ? CheckpointFile.Load(model, path, modelName) : null;
        }
        catch (CheckpointException)
        {
            return null;
        }
    }
}
