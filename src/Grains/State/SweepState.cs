using QuantGrid.Contracts;

namespace QuantGrid.Grains.State;

/// <summary>
/// Persistent state of a sweep grain: the grid and its priority, written when the sweep starts. Its results live in
/// pages beside it (<see cref="Storage.SweepResultPages"/>); <see cref="Statuses"/> and <see cref="Results"/> are read
/// only from sweeps stored before that, and moved to pages when such a sweep is activated.
/// </summary>
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
