namespace QuantGrid.Engine.Experiments;

/// <summary>What a running experiment is doing (reported with its progress).</summary>
public enum ExperimentPhase
{
    LoadingData,
    TrainingFloat,
    Calibrating,
    FineTuning,
    Evaluating,
    Exporting,
}
