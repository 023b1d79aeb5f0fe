namespace QuantGrid.Grains.State;

/// <summary>Persistent state of a baseline grain.</summary>
[GenerateSerializer, Alias("QuantGrid.BaselineState")]
public sealed class BaselineState
{
    [Id(0)]
    public string? CheckpointPath { get; set; }

    [Id(1)]
    public int Trainings { get; set; }

    [Id(2)]
    public string? Silo { get; set; }
}
