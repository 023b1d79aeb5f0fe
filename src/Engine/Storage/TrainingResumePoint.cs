namespace QuantGrid.Engine.Storage;

/// <summary>Where an interrupted training run stopped: epochs finished, images trained on and seconds spent so far.</summary>
public sealed record TrainingResumePoint(
    int EpochsDone,
    long Images,
    double Seconds,
    double LastLoss,
    string TrainingKey = "",
    string ModelShape = "",
    long PayloadBytes = 0,
    string Sha256 = "");
