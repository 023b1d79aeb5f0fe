namespace QuantGrid.Contracts;

/// <summary>
/// An experiment's model exported to ONNX (<c>sweep --export onnx</c>) and run by ONNX Runtime on the CPU: accuracy
/// (fraction), agreement with the engine's predictions, file size, and median milliseconds per image of the fp32
/// reference and of the int8 model at batch 1 and batch 64 (int8 null for a float experiment).
/// </summary>
[GenerateSerializer, Immutable, Alias("QuantGrid.OnnxMeasurements")]
public sealed record OnnxMeasurements(
    [property: Id(0)] string Path,
    [property: Id(1)] long Bytes,
    [property: Id(2)] double Accuracy,
    [property: Id(3)] double Agreement,
    [property: Id(4)] double Fp32MsBatch1,
    [property: Id(5)] double Fp32MsBatch64,
    [property: Id(6)] double? Int8MsBatch1,
    [property: Id(7)] double? Int8MsBatch64);
