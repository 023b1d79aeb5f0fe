using QuantGrid.Contracts;

namespace QuantGrid.Grains.State;

/// <summary>Persistent state of a sweep grain: the grid, each experiment's status, and the recorded results.</summary>
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

    /// <summary>Result reports ignored because the experiment already had one.</summary>
    [Id(5)]
    public int DuplicateReports { get; set; }
}
