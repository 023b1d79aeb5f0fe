namespace QuantGrid.Engine.Storage;

/// <summary>What a checkpoint holds and how it was made. <see cref="Sha256"/> is the hash of the weights payload.</summary>
public sealed record CheckpointMetadata(
    string Model,
    string Dataset,
    int Seed,
    int Epochs,
    long Parameters,
    double? TestAccuracy,
    string TrainingKey,
    DateTimeOffset CreatedUtc,
    string Sha256 = "",
    long PayloadBytes = 0);
