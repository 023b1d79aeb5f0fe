using QuantGrid.Engine.Experiments;
using QuantGrid.Engine.Quantization;

namespace QuantGrid.Client.Commands;

/// <summary>The result of <c>quantgrid quantize</c> as printed: accuracies in percent, sizes in bytes.</summary>
internal sealed record QuantizeSummary(
    string Model,
    string Method,
    int Bits,
    int ActivationBits,
    string EdgeLayers,
    string? Calibration,
    bool? BiasCorrection,
    string? Rounding,
    int Seed,
    string Status,
    string? Error,
    double? Accuracy,
    double? FloatAccuracy,
    double? FakeQuantAccuracy,
    double? PackedAgreement,
    long? ModelBytes,
    long? FloatModelBytes,
    double? SizeRatio,
    double? LatencyMs,
    bool BaselineReused,
    double FloatTrainSeconds,
    double QuantizeSeconds,
    double TotalSeconds,
    string? ModelPath,
    string? OnnxPath = null,
    long? OnnxBytes = null,
    double? OnnxAccuracy = null,
    double? OnnxAgreement = null,
    double? OrtFp32MsBatch1 = null,
    double? OrtInt8MsBatch1 = null,
    double? OrtFp32MsBatch64 = null,
    double? OrtInt8MsBatch64 = null,
    string? BitMap = null,
    bool? Distill = null)
{
    public static QuantizeSummary From(ExperimentRequest request, ExperimentOutcome outcome) => new(
        request.Model,
        request.Method.ToString().ToLowerInvariant(),
        outcome.WeightBits,
        outcome.ActivationBits,
        outcome.EdgeLayers.ToLowerInvariant(),
        request.Method == QuantMethod.Float ? null : request.Quantization.CalibrationFor(outcome.ActivationBits).ToString().ToLowerInvariant(),
        request.Method == QuantMethod.Ptq ? request.Quantization.BiasCorrection : null,
        request.Method == QuantMethod.Ptq ? RoundingOption.Name(request.Quantization.Rounding) : null,
        request.Training.Seed,
        outcome.Status.ToString().ToLowerInvariant(),
        outcome.Reason,
        Figures.Percent(outcome.Accuracy),
        Figures.Percent(outcome.FloatAccuracy),
        Figures.Percent(outcome.FakeQuantAccuracy),
        Figures.Percent(outcome.PackedAgreement),
        outcome.ModelBytes,
        outcome.FloatModelBytes,
        Figures.SizeRatio(outcome.ModelBytes, outcome.FloatModelBytes),
        outcome.LatencyMs is { } l ? Math.Round(l, 3) : null,
        outcome.BaselineReused,
        Math.Round(outcome.FloatTrainSeconds, 2),
        Math.Round(outcome.QuantizeSeconds, 2),
        Math.Round(outcome.TotalSeconds, 2),
        outcome.ModelPath,
        outcome.Onnx?.Path,
        outcome.Onnx?.Bytes,
        Figures.Percent(outcome.Onnx?.Accuracy),
        Figures.Percent(outcome.Onnx?.Agreement),
        Figures.Milliseconds(outcome.Onnx?.Fp32MsBatch1),
        Figures.Milliseconds(outcome.Onnx?.Int8MsBatch1),
        Figures.Milliseconds(outcome.Onnx?.Fp32MsBatch64),
        Figures.Milliseconds(outcome.Onnx?.Int8MsBatch64),
        outcome.BitMap,
        request.Method == QuantMethod.Qat ? request.Distill : null);

    public string ToText() => Status == "succeeded"
        ? $"""
          model       {Model} {Method} {Widths}, seed {Seed}
          accuracy    {Accuracy:F2} % (float {FloatAccuracy:F2} %, drop {FloatAccuracy - Accuracy:F2} points)
          size        {ModelBytes:N0} bytes, {SizeRatio:P2} of the float model's {FloatModelBytes:N0}
          latency     {LatencyMs:F3} ms per image at batch 1
          time        {TotalSeconds:F1} s (float {(BaselineReused ? "reused" : $"trained in {FloatTrainSeconds:F1} s")}, quantization {QuantizeSeconds:F1} s)
          file        {ModelPath}{OnnxText()}
          """
        : $"model {Model} {Method} W{Bits}A{ActivationBits} seed {Seed}: FAILED: {Error}";

    private string Widths => BitMap is null ? $"W{Bits}A{ActivationBits} (edge layers: {EdgeLayers})" : $"bit map {BitMap}";

    private string OnnxText() => OnnxPath is null
        ? ""
        : $"""

          onnx        {OnnxPath} ({OnnxBytes:N0} bytes): {OnnxAccuracy:F2} % in ONNX Runtime, agrees with the engine on {OnnxAgreement:F2} % of the images
          ort ms      {(OrtInt8MsBatch1 is null ? "" : $"int8 {OrtInt8MsBatch1:F3} / {OrtInt8MsBatch64:F4}, ")}fp32 {OrtFp32MsBatch1:F3} / {OrtFp32MsBatch64:F4} per image at batch 1 / 64
          """;
}
