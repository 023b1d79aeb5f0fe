namespace QuantGrid.Contracts;

/// <summary>The recorded outcome of one experiment. Accuracies are fractions (0..1); sizes are file bytes.</summary>
/// <param name="Accuracy">Top-1 on the test split (null when the sweep measured validation only).</param>
/// <param name="ValidationAccuracy">Top-1 on the validation split, when the sweep held one out.</param>
/// <param name="FloatValidationAccuracy">The float baseline's top-1 on the validation split.</param>
/// <param name="OutputSqnrDb">The quantized network's output SQNR against the float baseline's on the validation split, in decibels (null for float experiments, without a validation split, and in results recorded before it was measured).</param>
[GenerateSerializer, Immutable, Alias("QuantGrid.ExperimentResult")]
public sealed record ExperimentResult(
    [property: Id(0)] string ExperimentId,
    [property: Id(1)] ExperimentSpec Spec,
    [property: Id(2)] ExperimentStatus Status,
    [property: Id(3)] double? Accuracy,
    [property: Id(4)] double? FloatAccuracy,
    [property: Id(5)] long? ModelBytes,
    [property: Id(6)] long? FloatModelBytes,
    [property: Id(7)] double? LatencyMs,
    [property: Id(8)] double DurationSeconds,
    [property: Id(9)] string Silo,
    [property: Id(10)] int Attempts,
    [property: Id(11)] string? Error,
    [property: Id(12)] string? ModelPath,
    [property: Id(13)] DateTimeOffset FinishedUtc,
    [property: Id(14)] OnnxMeasurements? Onnx = null,
    [property: Id(15)] double? ValidationAccuracy = null,
    [property: Id(16)] double? FloatValidationAccuracy = null,
    [property: Id(17)] double? OutputSqnrDb = null);
