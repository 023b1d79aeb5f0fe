using System.Diagnostics;
using QuantGrid.Engine.Data;
using QuantGrid.Engine.Export;
using QuantGrid.Engine.Export.Onnx;
using QuantGrid.Engine.Inference;
using QuantGrid.Engine.Models;
using QuantGrid.Engine.Quantization;
using QuantGrid.Engine.Storage;
using QuantGrid.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Experiments;

/// <summary>
/// The engine's single entry point for one experiment: float baseline (reused or trained), then PTQ or QAT,
/// the packed file, and its evaluation. Divergence is a failed outcome with its reason, not an exception.
/// </summary>
public static class ExperimentRunner
{
    /// <exception cref="ArgumentException">Invalid settings (a permanent failure).</exception>
    /// <exception cref="DataFormatException">Data missing or damaged (a permanent failure).</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing half-written is left behind.</exception>
    public static ExperimentOutcome Run(ExperimentRequest request, IProgress<ExperimentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        request.Validate();
        var total = Stopwatch.StartNew();
        var info = ModelRegistry.Get(request.Model);
        progress?.Report(new ExperimentProgress(ExperimentPhase.LoadingData));
        using var data = DatasetLoader.Load(request.Dataset, DatasetLocator.Resolve(request.Dataset, request.DataDirectory), request.TrainLimit, request.EvaluateTest ? request.TestLimit : 1, request.Validation);
        var device = DeviceSelector.Resolve(request.Training.Device);
        var options = request.Quantization;
        var map = request.Method == QuantMethod.Float ? null : options.BitMap;
        var bits = request.Method == QuantMethod.Float ? (32, 32) : map is { } m ? (m.MaxWeightBits, m.MaxActivationBits) : (options.WeightBits, options.EffectiveActivationBits);
        var edge = request.Method == QuantMethod.Float ? "n/a" : map is null ? options.EdgeLayers.ToString() : "BitMap";

        FloatBaseline baseline;
        try
        {
            baseline = FloatBaseline.LoadOrTrain(request.FloatRequest, data, Phase(progress, ExperimentPhase.TrainingFloat), cancellationToken);
        }
        catch (TrainingDivergedException ex)
        {
            return Failed($"float training diverged: {ex.Message}");
        }

        using (baseline)
        {
            progress?.Report(new ExperimentProgress(ExperimentPhase.Evaluating));
            var evaluateClock = Stopwatch.StartNew();
            var floatEvaluation = request.EvaluateTest ? EvaluateFloat(baseline, data.Test, FloatEvaluationCache.TestSubset(request.TestLimit), request, cancellationToken) : null;
            var floatValidation = data.Validation is { } validation ? EvaluateFloat(baseline, validation, "validation", request, cancellationToken, keepOutputs: true) : null;
            var floatBytes = baseline.Checkpoint.PayloadBytes;
            if (request.Method == QuantMethod.Float)
            {
                var floatOnnx = request.OnnxPath is null ? null : ExportOnnx(null, Evaluator.Evaluate(baseline.Model, data.Test, latencySamples: 0, device: request.Training.Device, cancellationToken: cancellationToken).Predictions);
                return Succeeded(floatEvaluation?.Accuracy, floatEvaluation?.Accuracy, null, floatBytes, floatEvaluation?.LatencyMs, 0, modelPath: request.FloatCheckpointPath, floatOnnx, floatValidation?.Accuracy);
            }

            var quantizeClock = Stopwatch.StartNew();
            progress?.Report(new ExperimentProgress(ExperimentPhase.Calibrating));
            using var network = NetworkQuantizer.Build((ISequentialModel)baseline.Model, options);
            network.to(device);
            NetworkQuantizer.Calibrate(network, data.Train, options, request.Training.Seed, device);
            try
            {
                if (request.Method == QuantMethod.Ptq)
                {
                    if (network.QuantizedLayers.Any(l => RoundingOption.Adapts(options.Rounding, l.Bits)))
                    {
                        AdaptiveRounding.Apply(network, data.Train, options, request.Training.Seed, device, Phase(progress, ExperimentPhase.Rounding), cancellationToken);
                    }

                    if (options.BiasCorrection)
                    {
                        NetworkQuantizer.CorrectBias(network, data.Train, options, request.Training.Seed, device);
                    }
                }
                else if (request.Method == QuantMethod.Qat)
                {
                    var qat = request.Training with
                    {
                        Epochs = request.QatEpochs,
                        LearningRate = request.QatLearningRate ?? info.DefaultLearningRate / 10,
                        Schedule = LearningRateSchedule.Cosine,
                        WeightDecay = 0,
                    };
                    var resume = new TrainingResumeFile(request.OutputPath + ".resume", ArtifactPaths.ExperimentKey(request));
                    Trainer.Train(network, data.Train, qat, info.DefaultLearningRate / 10, Phase(progress, ExperimentPhase.FineTuning), request.Distill ? baseline.Model : null, resume, cancellationToken);
                    resume.Delete();
                }

                RequireFinite(network);
            }
            catch (TrainingDivergedException ex)
            {
                return Failed($"{request.Method.ToString().ToUpperInvariant()} diverged: {ex.Message}", floatEvaluation?.Accuracy);
            }

            var quantizeSeconds = quantizeClock.Elapsed.TotalSeconds;
            evaluateClock.Restart();
            progress?.Report(new ExperimentProgress(ExperimentPhase.Evaluating));
            double? validationAccuracy = null, outputSqnr = null;
            if (data.Validation is { } heldOut)
            {
                var held = Evaluator.Evaluate(network, heldOut, latencySamples: 0, device: request.Training.Device, keepOutputs: true, cancellationToken: cancellationToken);
                validationAccuracy = held.Accuracy;
                outputSqnr = OutputSqnr.Decibels(FloatValidationOutputs(baseline, heldOut, request, cancellationToken), held.Outputs!);
            }

            if (!request.EvaluateTest || map is { HasFloatLayers: true })
            {
                var probe = request.EvaluateTest ? Evaluator.Evaluate(network, data.Test, latencySamples: 0, device: request.Training.Device, cancellationToken: cancellationToken).Accuracy : (double?)null;
                return Succeeded(probe, probe, null, null, null, quantizeSeconds, null, null, validationAccuracy, outputSqnr);
            }

            var fakeQuant = Evaluator.Evaluate(network, data.Test, latencySamples: 0, device: request.Training.Device, cancellationToken: cancellationToken);
            progress?.Report(new ExperimentProgress(ExperimentPhase.Exporting));
            var metadata = new PackedModelMetadata(info.Name, request.Dataset.Name, request.Method.ToString().ToLowerInvariant(), bits.Item1, bits.Item2, edge, request.Training.Seed, fakeQuant.Accuracy, map?.ToString());
            var bytes = PackedModelFile.Write(network, metadata, request.OutputPath);
            if (!request.VerifyPacked)
            {
                var unverifiedOnnx = request.OnnxPath is null ? null : ExportOnnx(network, fakeQuant.Predictions);
                return Succeeded(fakeQuant.Accuracy, fakeQuant.Accuracy, null, bytes, null, quantizeSeconds, request.OutputPath, unverifiedOnnx, validationAccuracy, outputSqnr);
            }

            var (packed, _) = PackedModelFile.Read(request.OutputPath);
            using (packed)
            {
                var packedEvaluation = Evaluator.Evaluate(packed, data.Test, device: request.Training.Device, cancellationToken: cancellationToken);
                var agreement = packedEvaluation.Predictions.Zip(fakeQuant.Predictions).Count(p => p.First == p.Second) / (double)Math.Max(1, data.Test.Count);
                var onnx = request.OnnxPath is null ? null : ExportOnnx(packed, fakeQuant.Predictions);
                return Succeeded(packedEvaluation.Accuracy, fakeQuant.Accuracy, agreement, bytes, packedEvaluation.MillisecondsPerImageSingle, quantizeSeconds, request.OutputPath, onnx, validationAccuracy, outputSqnr);
            }

            ExperimentOutcome Succeeded(double? accuracy, double? fakeQuantAccuracy, double? agreement, long? modelBytes, double? latency, double quantize, string? modelPath, OnnxEvaluation? onnx, double? validationAccuracy, double? outputSqnr = null) =>
                new(ExperimentStatus.Succeeded, null, accuracy, floatEvaluation?.Accuracy, fakeQuantAccuracy, agreement, modelBytes, floatBytes, latency, bits.Item1, bits.Item2, edge, baseline.Reused, baseline.TrainSeconds, quantize, evaluateClock.Elapsed.TotalSeconds, total.Elapsed.TotalSeconds, modelPath, onnx, validationAccuracy, floatValidation?.Accuracy, map?.ToString(), outputSqnr);

            OnnxEvaluation ExportOnnx(QuantizedNetwork? quantized, IReadOnlyList<int> enginePredictions)
            {
                progress?.Report(new ExperimentProgress(ExperimentPhase.Exporting));
                using var folded = NetworkQuantizer.Build((ISequentialModel)baseline.Model, options);
                folded.eval();
                var widths = map is null ? $"W{bits.Item1}A{bits.Item2}" : map.ToString();
                var description = $"{request.Method.ToString().ToLowerInvariant()} {widths} seed {request.Training.Seed} on {request.Dataset.Name}";
                return OnnxEvaluator.Run(folded, quantized, new OnnxModelInfo(info.Name, description), request.OnnxPath!, data.Test, enginePredictions, get_num_threads(), cancellationToken);
            }
        }

        ExperimentOutcome Failed(string reason, double? floatAccuracy = null) =>
            new(ExperimentStatus.Failed, reason, null, floatAccuracy, null, null, null, null, null, bits.Item1, bits.Item2, edge, false, 0, 0, 0, total.Elapsed.TotalSeconds, null, BitMap: map?.ToString());
    }

    /// <param name="keepOutputs">Keep the outputs for <see cref="FloatValidationOutputs"/> when the model has to be run, so it runs once.</param>
    private static FloatEvaluation EvaluateFloat(FloatBaseline baseline, LabelledImages images, string subset, ExperimentRequest request, CancellationToken cancellationToken, bool keepOutputs = false)
    {
        if (FloatEvaluationCache.Read(request.FloatCheckpointPath, baseline.Checkpoint.Sha256, subset) is { } cached)
        {
            return cached;
        }

        var evaluation = Evaluator.Evaluate(baseline.Model, images, device: request.Training.Device, keepOutputs: keepOutputs, cancellationToken: cancellationToken);
        if (evaluation.Outputs is { } outputs)
        {
            FloatOutputCache.Add(baseline.Checkpoint.Sha256, images.Count, outputs);
        }

        var result = new FloatEvaluation(baseline.Checkpoint.Sha256, evaluation.Accuracy, evaluation.MillisecondsPerImageSingle);
        FloatEvaluationCache.Write(request.FloatCheckpointPath, subset, result);
        return result;
    }

    private static float[] FloatValidationOutputs(FloatBaseline baseline, LabelledImages validation, ExperimentRequest request, CancellationToken cancellationToken) =>
        FloatOutputCache.GetOrAdd(baseline.Checkpoint.Sha256, validation.Count, () =>
            Evaluator.Evaluate(baseline.Model, validation, latencySamples: 0, device: request.Training.Device, keepOutputs: true, cancellationToken: cancellationToken).Outputs!);

    private static void RequireFinite(nn.Module<Tensor, Tensor> network)
    {
        foreach (var (name, parameter) in network.named_parameters())
        {
            if (!parameter.isfinite().all().item<bool>())
            {
                throw new TrainingDivergedException($"parameter {name} is not finite");
            }
        }
    }

    private static IProgress<TrainingProgress>? Phase(IProgress<ExperimentProgress>? progress, ExperimentPhase phase) =>
        progress is null ? null : new PhaseProgress(progress, phase);

    private sealed class PhaseProgress(IProgress<ExperimentProgress> inner, ExperimentPhase phase) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) =>
            inner.Report(new ExperimentProgress(phase, value.Epoch, value.Epochs, value.Batch, value.Batches, value.Loss, value.ImagesPerSecond));
    }
}
