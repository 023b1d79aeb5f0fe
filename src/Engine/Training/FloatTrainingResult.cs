using QuantGrid.Engine.Storage;

namespace QuantGrid.Engine.Training;

/// <summary>The outcome of a <see cref="FloatTrainingRequest"/>.</summary>
public sealed record FloatTrainingResult(
    string Model,
    long Parameters,
    int TrainImages,
    TrainingReport Training,
    EvaluationReport Evaluation,
    CheckpointMetadata? Checkpoint,
    string? CheckpointPath);
