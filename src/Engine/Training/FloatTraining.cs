using QuantGrid.Engine.Data;
using QuantGrid.Engine.Models;
using QuantGrid.Engine.Storage;

namespace QuantGrid.Engine.Training;

/// <summary>Loads the data, builds the model from its seed, trains, evaluates and optionally saves a checkpoint.</summary>
public static class FloatTraining
{
    /// <exception cref="DataFormatException">The data cannot be found or read.</exception>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    /// <exception cref="TrainingDivergedException">Training diverged.</exception>
    public static FloatTrainingResult Run(FloatTrainingRequest request, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        request.Training.Validate();
        var info = ModelRegistry.Get(request.Model);
        var directory = DatasetLocator.Resolve(request.Dataset, request.DataDirectory);
        using var data = DatasetLoader.Load(request.Dataset, directory, request.TrainLimit, request.TestLimit, request.Validation);
        using var model = ModelRegistry.Create(info.Name, request.Training.Seed, request.Dataset.ClassCount);
        var resume = request.CheckpointPath is null ? null : TrainingResumeFile.ForCheckpoint(request.CheckpointPath, TrainingKey(request));
        var training = Trainer.Train(model, data.Train, request.Training, info.DefaultLearningRate, progress, resume: resume, cancellationToken: cancellationToken);
        var evaluation = Evaluator.Evaluate(model, data.Test, device: request.Training.Device, cancellationToken: cancellationToken);
        var validation = data.Validation is { } held ? Evaluator.Evaluate(model, held, latencySamples: 0, device: request.Training.Device, cancellationToken: cancellationToken) : null;
        var parameters = ModelRegistry.CountParameters(model);
        CheckpointMetadata? checkpoint = null;
        if (request.CheckpointPath is not null)
        {
            var metadata = new CheckpointMetadata(info.Name, request.Dataset.Name, request.Training.Seed, request.Training.Epochs, parameters, evaluation.Accuracy, TrainingKey(request), DateTimeOffset.UtcNow);
            checkpoint = CheckpointFile.Save(model, metadata, request.CheckpointPath);
            resume?.Delete();
        }

        return new FloatTrainingResult(info.Name, parameters, data.Train.Count, training, evaluation, checkpoint, request.CheckpointPath, validation);
    }

    /// <summary>A stable description of everything that determines the trained weights.</summary>
    public static string TrainingKey(FloatTrainingRequest request)
    {
        var t = request.Training;
        return string.Join(
            ';',
            $"model={request.Model}",
            $"dataset={request.Dataset.Name}",
            $"seed={t.Seed}",
            $"epochs={t.Epochs}",
            $"batch={t.BatchSize}",
            $"optimizer={t.Optimizer}",
            $"lr={t.LearningRate?.ToString("R", System.Globalization.CultureInfo.InvariantCulture) ?? "default"}",
            $"wd={t.WeightDecay.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}",
            $"schedule={t.Schedule}",
            $"train-limit={request.TrainLimit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "all"}")
            + (request.Validation > 0 ? $";validation={request.Validation.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "")
            + (t.Augment ? $";augment=shift{Augmentation.Padding}-mirror" : "")
            + (t.LabelSmoothing > 0 ? $";label-smoothing={t.LabelSmoothing.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}" : "");
    }
}
