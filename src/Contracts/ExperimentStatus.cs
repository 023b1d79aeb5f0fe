namespace QuantGrid.Contracts;

/// <summary>Where an experiment stands.</summary>
[GenerateSerializer]
public enum ExperimentStatus
{
    Pending,
    Running,
    Succeeded,
    Failed,
}
