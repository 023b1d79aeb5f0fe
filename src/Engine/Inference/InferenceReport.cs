namespace QuantGrid.Engine.Inference;

/// <summary>An ONNX model evaluated by ONNX Runtime on a test split (fractions 0..1).</summary>
/// <param name="Reference">The engine model (.qgm or .ckpt) the predictions were compared with; null when none was found.</param>
/// <param name="Agreement">Fraction of images where ONNX Runtime predicts what the engine's model predicts; null without a reference.</param>
public sealed record InferenceReport(
    string Model,
    string Precision,
    int Images,
    double Accuracy,
    double? Agreement,
    string? Reference,
    double SecondsTaken);
