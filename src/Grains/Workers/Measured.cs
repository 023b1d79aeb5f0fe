using QuantGrid.Contracts;

namespace QuantGrid.Grains.Workers;

/// <summary>
/// The result an executor returns: an <see cref="ExperimentResult"/> with what the work measured; the worker that
/// ran it adds where, how long, which attempt and when (<see cref="By"/>). One record from the engine to the result files.
/// </summary>
public static class Measured
{
    public static ExperimentResult Succeeded(
        ExperimentSpec spec,
        double? accuracy,
        double? floatAccuracy,
        long? modelBytes,
        long? floatModelBytes,
        double? latencyMs = null,
        string? modelPath = null,
        OnnxMeasurements? onnx = null,
        double? validationAccuracy = null,
        double? floatValidationAccuracy = null,
        double? outputSqnrDb = null) =>
        new(spec.Id, spec, ExperimentStatus.Succeeded, accuracy, floatAccuracy, modelBytes, floatModelBytes, latencyMs, 0, "", 0, null, modelPath, default, onnx, validationAccuracy, floatValidationAccuracy, outputSqnrDb);

    public static ExperimentResult Failed(ExperimentSpec spec, string error, double? floatAccuracy = null) =>
        new(spec.Id, spec, ExperimentStatus.Failed, null, floatAccuracy, null, null, null, 0, "", 0, error, null, default);

    /// <summary>The result as recorded: run by <paramref name="silo"/> on attempt <paramref name="attempt"/>, taking <paramref name="seconds"/>, finished now.</summary>
    public static ExperimentResult By(this ExperimentResult result, string silo, int attempt, double seconds) =>
        result with { Silo = silo, Attempts = attempt, DurationSeconds = seconds, FinishedUtc = DateTimeOffset.UtcNow };
}
