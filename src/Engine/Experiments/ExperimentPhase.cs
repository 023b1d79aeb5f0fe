namespace QuantGrid.Engine.Experiments;

/// <summary>What a running experiment is doing (reported with its progress).</summary>
public enum ExperimentPhase
{
    LoadingData,
    TrainingFloat,
    Calibrating,

    /// <summary>PTQ learning its weights' rounding (AdaRound), layer by layer: the progress's epoch is the layer, its batch the step.</summary>
    Rounding,
    FineTuning,
    Evaluating,
    Exporting,
}
