namespace QuantGrid.Contracts;

/// <summary>A trained float baseline in the artifact store.</summary>
/// <param name="CheckpointPath">Path of the checkpoint in the artifact store.</param>
/// <param name="Trainings">How many times this baseline grain has trained the model (1 unless its file was lost or corrupt).</param>
[GenerateSerializer, Immutable, Alias("QuantGrid.BaselineInfo")]
public sealed record BaselineInfo(
    [property: Id(0)] string Key,
    [property: Id(1)] string CheckpointPath,
    [property: Id(2)] int Trainings,
    [property: Id(3)] string Silo);
