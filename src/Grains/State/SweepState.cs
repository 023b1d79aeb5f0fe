using QuantGrid.Contracts;

namespace QuantGrid.Grains.State;

/// <summary>Persistent state of a sweep grain: the grid, its priority, each experiment's final status, and the recorded results.</summary>
[GenerateSerializer, Alias("QuantGrid.SweepState")]
public sealed class SweepState
{
    [Id(0)]
    public SweepSpec? Spec { get; set; }

    [Id(1)]
    public Dictionary<string, ExperimentSpec> Experiments { get; set; } = [];

    [Id(2)]
    public Dictionary<string, ExperimentStatus> Statuses { get; set; } = [];

    [Id(3)]
    public Dictionary<string, ExperimentResult> Results { get; set; } = [];

    [Id(4)]
    public DateTimeOffset CreatedUtc { get; set; }

    [Id(5)]
    public int Priority { get; set; }
}
