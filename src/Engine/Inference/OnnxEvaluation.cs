namespace QuantGrid.Engine.Inference;

/// <summary>
/// An experiment's model exported to ONNX and run by ONNX Runtime: the file, its test accuracy, its agreement with
/// the engine's predictions, and median milliseconds per image of the fp32 reference and of the int8 model.
/// </summary>
/// <param name="Accuracy">Top-1 of the exported model (int8; fp32 for a float experiment), 0..1.</param>
/// <param name="Agreement">Fraction of test images where it predicts what the engine's model predicts.</param>
/// <param name="Int8MsBatch1">Null for a float experiment.</param>
public sealed record OnnxEvaluation(
    string Path,
    long Bytes,
    double Accuracy,
    double Agreement,
    double Fp32MsBatch1,
    double Fp32MsBatch64,
    double? Int8MsBatch1,
    double? Int8MsBatch64);
