namespace QuantGrid.Engine.Training;

/// <summary>How the learning rate changes over training (stepped per batch).</summary>
public enum LearningRateSchedule
{
    /// <summary>One-cycle: warm up to the peak over 25 % of the steps, then cosine annealing to near zero.</summary>
    OneCycle,

    /// <summary>Cosine annealing from the peak to zero.</summary>
    Cosine,

    /// <summary>The peak throughout.</summary>
    Constant,
}
