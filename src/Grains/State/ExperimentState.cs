using QuantGrid.Contracts;

namespace QuantGrid.Grains.State;

/// <summary>Persistent state of an experiment grain: attempts begun (hand-backs given back) and the result.</summary>
[GenerateSerializer, Alias("QuantGrid.ExperimentState")]
public sealed class ExperimentState
{
    [Id(0)]
    public ExperimentSpec? Spec { get; set; }

    [Id(1)]
    public string? SweepId { get; set; }

    [Id(2)]
    public ExperimentStatus Status { get; set; } = ExperimentStatus.Pending;

    [Id(3)]
    public int Attempts { get; set; }

    [Id(4)]
    public ExperimentResult? Result { get; set; }

    [Id(5)]
    public string? Silo { get; set; }

    public bool IsFinished => Status is ExperimentStatus.Succeeded or ExperimentStatus.Failed;
}
