using QuantGrid.Engine.Storage;

namespace QuantGrid.Engine.Training;

/// <summary>The outcome of a <see cref="FloatTrainingRequest"/>.</summary>
/// <param name="Validation">Accuracy on the held-out validation split; null when none was held out.</param>
public sealed record FloatTrainingResult(
    string Model,
    long Parameters,
    int TrainImages,
    TrainingReport Training,
    EvaluationReport Evaluation,
    CheckpointMetadata? Checkpoint,
    string? CheckpointPath,
    EvaluationReport? Validation = null);
