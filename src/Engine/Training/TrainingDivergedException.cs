namespace QuantGrid.Engine.Training;

/// <summary>The loss or the weights became NaN or infinite; the run cannot continue.</summary>
public sealed class TrainingDivergedException : Exception
{
    public TrainingDivergedException(string message)
        : base(message)
    {
    }

    public TrainingDivergedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
