namespace QuantGrid.Contracts;

/// <summary>A progress update of a running experiment, pushed to sweep observers.</summary>
[GenerateSerializer, Immutable, Alias("QuantGrid.ExperimentUpdate")]
public sealed record ExperimentUpdate(
    [property: Id(0)] string ExperimentId,
    [property: Id(1)] string Silo,
    [property: Id(2)] string Phase,
    [property: Id(3)] int Epoch,
    [property: Id(4)] int Epochs,
    [property: Id(5)] double? ImagesPerSecond);
