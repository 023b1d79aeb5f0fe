namespace QuantGrid.Engine.Training;

/// <summary>How the learning rate changes over training (stepped per batch).</summary>
public enum LearningRateSchedule
{
    /// <summary>One-cycle: linear warm-up from 4 % of the peak to the peak over 25 % of the steps, then cosine annealing to 10⁻⁴ of the peak.</summary>
    OneCycle,

    /// <summary>Cosine annealing from the peak to zero.</summary>
    Cosine,

    /// <summary>The peak throughout.</summary>
    Constant,
}
