using QuantGrid.Engine.Inference;

namespace QuantGrid.Engine.Experiments;

/// <summary>The result of one experiment. Accuracies are fractions (0..1); sizes are file bytes.</summary>
/// <param name="Accuracy">Top-1 on the test split (null when the request skipped it) of the packed model as read back from its file (float: the float model).</param>
/// <param name="FakeQuantAccuracy">Top-1 of the in-memory fake-quantized network.</param>
/// <param name="PackedAgreement">Fraction of test images where the packed model and the fake-quantized network predict the same class.</param>
/// <param name="ModelBytes">Size of the packed model file (float: the float weights file).</param>
/// <param name="FloatModelBytes">Size of the float weights (TorchSharp state dictionary, fp32).</param>
/// <param name="BaselineReused">The float checkpoint existed and was reused.</param>
/// <param name="ValidationAccuracy">Top-1 on the validation split (the fake-quantized network; float: the float model), when one was held out.</param>
/// <param name="FloatValidationAccuracy">The float model's top-1 on the validation split.</param>
/// <param name="BitMap">The per-layer widths, when the experiment used a bit map.</param>
/// <param name="OutputSqnrDb">The quantized network's output SQNR against the float model's on the validation split, in decibels, when one was held out.</param>
/// <param name="Onnx">The ONNX export measured by ONNX Runtime, when the request asked for one.</param>
public sealed record ExperimentOutcome(
    ExperimentStatus Status,
    string? Reason,
    double? Accuracy,
    double? FloatAccuracy,
    double? FakeQuantAccuracy,
    double? PackedAgreement,
    long? ModelBytes,
    long? FloatModelBytes,
    double? LatencyMs,
    int WeightBits,
    int ActivationBits,
    string EdgeLayers,
    bool BaselineReused,
    double FloatTrainSeconds,
    double QuantizeSeconds,
    double EvaluateSeconds,
    double TotalSeconds,
    string? ModelPath,
    OnnxEvaluation? Onnx = null,
    double? ValidationAccuracy = null,
    double? FloatValidationAccuracy = null,
    string? BitMap = null,
    double? OutputSqnrDb = null);
