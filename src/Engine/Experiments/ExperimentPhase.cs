namespace QuantGrid.Engine.Experiments;

public enum ExperimentPhase
{
    LoadingData,
    TrainingFloat,
    Calibrating,
    FineTuning,
    Evaluating,
    Exporting,
    Done,
}
