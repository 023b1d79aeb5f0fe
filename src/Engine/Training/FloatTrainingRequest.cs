using QuantGrid.Engine.Data;

namespace QuantGrid.Engine.Training;

/// <summary>Train one float model and evaluate it on the test split.</summary>
/// <param name="DataDirectory">Explicit data directory; null applies <see cref="DatasetLocator"/>'s search order.</param>
/// <param name="CheckpointPath">Where to write the checkpoint; null writes none.</param>
public sealed record FloatTrainingRequest(
    string Model,
    DatasetInfo Dataset,
    TrainingOptions Training,
    string? DataDirectory = null,
    int? TrainLimit = null,
    int? TestLimit = null,
    string? CheckpointPath = null);
