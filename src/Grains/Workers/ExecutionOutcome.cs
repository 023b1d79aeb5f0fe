using QuantGrid.Contracts;

namespace QuantGrid.Grains.Workers;

/// <summary>What an executor produced for one experiment (accuracies as fractions).</summary>
public sealed record ExecutionOutcome(
    bool Succeeded,
    string? Error,
    double? Accuracy,
    double? FloatAccuracy,
    long? ModelBytes,
    long? FloatModelBytes,
    double? LatencyMs,
    string? ModelPath,
    OnnxMeasurements? Onnx = null,
    double? ValidationAccuracy = null,
    double? FloatValidationAccuracy = null);
