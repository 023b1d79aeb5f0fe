namespace QuantGrid.Engine.Training;

/// <summary>Top-1 accuracy on a split, the predicted classes, and latency.</summary>
/// <param name="Accuracy">Fraction correct, 0..1.</param>
/// <param name="MillisecondsPerImageBatched">Wall time per image when evaluating in batches.</param>
/// <param name="MillisecondsPerImageSingle">Median wall time of a forward pass on one image (batch size 1).</param>
/// <param name="Outputs">The model's outputs (images × classes, row-major), when asked for.</param>
public sealed record EvaluationReport(double Accuracy, int Correct, int Total, IReadOnlyList<int> Predictions, double MillisecondsPerImageBatched, double MillisecondsPerImageSingle, float[]? Outputs = null);
