using Microsoft.Extensions.Options;
using QuantGrid.Contracts;
using QuantGrid.Engine.Data;
using QuantGrid.Engine.Experiments;
using QuantGrid.Engine.Quantization;
using QuantGrid.Engine.Storage;
using QuantGrid.Engine.Training;

namespace QuantGrid.Grains.Workers;

/// <summary>Runs experiments and baselines with the TorchSharp engine; the grains add no ML code.</summary>
public sealed class EngineExecutor(IOptions<WorkerOptions> options) : IExperimentExecutor
{
    private readonly WorkerOptions worker = options.Value;

    public void TrainBaseline(BaselineSpec spec, string checkpointPath, IProgress<ExperimentUpdate> progress, CancellationToken cancellationToken)
    {
        var updates = new UpdateProgress(spec.Key, progress);
        var request = FloatRequest(spec.Model, spec.Seed, spec.Settings) with { CheckpointPath = checkpointPath };
        using var data = DatasetLoader.Load(request.Dataset, DatasetLocator.Resolve(request.Dataset, worker.DataDirectory), request.TrainLimit, testLimit: 1, request.Validation);
        using var baseline = FloatBaseline.LoadOrTrain(
            request,
            data,
            new Engine.SyncProgress<TrainingProgress>(p => updates.Report(new ExperimentProgress(ExperimentPhase.TrainingFloat, p.Epoch, p.Epochs, p.Batch, p.Batches, p.Loss, p.ImagesPerSecond))),
            cancellationToken);
    }

    public bool IsBaselineValid(BaselineSpec spec, string checkpointPath)
    {
        try
        {
            return File.Exists(checkpointPath) && CheckpointFile.ReadMetadata(checkpointPath).TrainingKey == FloatTraining.TrainingKey(FloatRequest(spec.Model, spec.Seed, spec.Settings));
        }
        catch (CheckpointException)
        {
            return false;
        }
    }

    public ExperimentResult Run(ExperimentSpec spec, string checkpointPath, IProgress<ExperimentUpdate> progress, CancellationToken cancellationToken)
    {
        var floatRequest = FloatRequest(spec.Model, spec.Seed, spec.Settings);
        var request = new ExperimentRequest(
            spec.Model,
            spec.Method switch
            {
                ExperimentMethod.Float => QuantMethod.Float,
                ExperimentMethod.Ptq => QuantMethod.Ptq,
                ExperimentMethod.Qat => QuantMethod.Qat,
                var unknown => throw new ArgumentException($"unknown method {unknown}"),
            },
            floatRequest.Dataset,
            floatRequest.Training,
            new QuantizationOptions
            {
                BitMap = spec.BitMap is null || spec.Method == ExperimentMethod.Float ? null : BitMap.Parse(spec.BitMap),
                WeightBits = spec.Method == ExperimentMethod.Float ? 8 : spec.Bits,
                ActivationBits = spec.Method == ExperimentMethod.Float ? null : spec.Settings.ActivationBits,
                Calibration = Enum.Parse<CalibrationMethod>(spec.Settings.Calibration, ignoreCase: true),
                EdgeLayers = Enum.Parse<EdgeLayerPolicy>(spec.Settings.EdgeLayers, ignoreCase: true),
                Rounding = RoundingOption.Parse(spec.Settings.Rounding),
            },
            checkpointPath,
            Path.Combine(worker.ArtifactDirectory, "models", spec.Id + ".qgm"),
            spec.Settings.QatEpochs,
            DataDirectory: worker.DataDirectory,
            TrainLimit: spec.Settings.TrainLimit,
            TestLimit: spec.Settings.TestLimit,
            OnnxPath: spec.Settings.Export == "onnx" ? Path.Combine(worker.ArtifactDirectory, "models", spec.Id + ".onnx") : null,
            Validation: spec.Settings.Validation,
            EvaluateTest: spec.Settings.EvaluateTest,
            Distill: spec.Settings.Distill);
        var outcome = ExperimentRunner.Run(request, new UpdateProgress(spec.Id, progress), cancellationToken);
        if (outcome.Status != Engine.Experiments.ExperimentStatus.Succeeded)
        {
            return Measured.Failed(spec, outcome.Reason ?? "failed", outcome.FloatAccuracy);
        }

        return Measured.Succeeded(
            spec,
            outcome.Accuracy,
            outcome.FloatAccuracy,
            outcome.ModelBytes,
            outcome.FloatModelBytes,
            outcome.LatencyMs,
            outcome.ModelPath,
            outcome.Onnx is { } onnx ? new OnnxMeasurements(onnx.Path, onnx.Bytes, onnx.Accuracy, onnx.Agreement, onnx.Fp32MsBatch1, onnx.Fp32MsBatch64, onnx.Int8MsBatch1, onnx.Int8MsBatch64) : null,
            outcome.ValidationAccuracy,
            outcome.FloatValidationAccuracy,
            outcome.OutputSqnrDb);
    }

    /// <summary>The checkpoint path of a baseline in the artifact store: the same name <c>quantgrid train</c> and <c>quantize</c> use.</summary>
    public static string CheckpointPath(string artifactDirectory, BaselineSpec spec) =>
        ArtifactPaths.FloatCheckpoint(artifactDirectory, FloatRequest(spec.Model, spec.Seed, spec.Settings, "auto", null));

    private FloatTrainingRequest FloatRequest(string model, int seed, ExperimentSettings settings) =>
        FloatRequest(model, seed, settings, worker.Device, worker.DataDirectory);

    private static FloatTrainingRequest FloatRequest(string model, int seed, ExperimentSettings settings, string device, string? dataDirectory) => new(
        model,
        DatasetInfo.Parse(settings.Dataset),
        TrainingRecipe.Apply(new TrainingOptions { Epochs = settings.Epochs, BatchSize = settings.BatchSize, Seed = seed, Device = device }, settings.Recipe),
        dataDirectory,
        settings.TrainLimit,
        settings.TestLimit,
        Validation: settings.Validation);

    private sealed class UpdateProgress(string id, IProgress<ExperimentUpdate> inner) : IProgress<ExperimentProgress>
    {
        private DateTime last = DateTime.MinValue;

        public void Report(ExperimentProgress value)
        {
            var now = DateTime.UtcNow;
            if (value.Batches > 0 && value.Batch != value.Batches && now - last < TimeSpan.FromSeconds(1))
            {
                return;
            }

            last = now;
            inner.Report(new ExperimentUpdate(id, "", value.Phase.ToString(), value.Epoch, value.Epochs, value.ImagesPerSecond, value.Batch, value.Batches));
        }
    }
}
