using QuantGrid.Engine.Data;

namespace QuantGrid.Engine.Training;

/// <summary>Train one float model and evaluate it on the test split.</summary>
/// <param name="DataDirectory">Explicit data directory; null applies <see cref="DatasetLocator"/>'s search order.</param>
/// <param name="CheckpointPath">Where to write the checkpoint; null writes none.</param>
/// <param name="Validation">Training images held out as the validation split (see <see cref="Data.Subsets.HoldOut"/>); 0: none.</param>
public sealed record FloatTrainingRequest(
    string Model,
    DatasetInfo Dataset,
    TrainingOptions Training,
    string? DataDirectory = null,
    int? TrainLimit = null,
    int? TestLimit = null,
    string? CheckpointPath = null,
    int Validation = 0);
