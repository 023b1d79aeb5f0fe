namespace QuantGrid.Engine.Experiments;

public enum ExperimentStatus
{
    Succeeded,
    Failed,
}
