namespace QuantGrid.Engine.Inference;

/// <summary>
/// One model at one batch size, measured side by side in one process with the same thread count: median
/// milliseconds per image of TorchSharp fp32, ONNX Runtime fp32 and ONNX Runtime int8 (QDQ, fused integer kernels).
/// </summary>
/// <param name="Weights">"trained" (a checkpoint was found) or "random".</param>
public sealed record InferenceLatency(
    string Model,
    int Batch,
    string Weights,
    int Threads,
    int Runs,
    double TorchFp32MsPerImage,
    double OrtFp32MsPerImage,
    double OrtInt8MsPerImage)
{
    /// <summary>ONNX Runtime fp32 ÷ int8.</summary>
    public double Int8SpeedupOverOrtFp32 => OrtFp32MsPerImage / OrtInt8MsPerImage;

    /// <summary>TorchSharp fp32 ÷ ONNX Runtime int8.</summary>
    public double Int8SpeedupOverTorchFp32 => TorchFp32MsPerImage / OrtInt8MsPerImage;
}
