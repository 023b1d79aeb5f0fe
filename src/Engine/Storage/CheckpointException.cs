namespace QuantGrid.Engine.Storage;

/// <summary>A checkpoint file is missing, truncated, corrupt or for another model.</summary>
public sealed class CheckpointException : Exception
{
    public CheckpointException(string message)
        : base(message)
    {
    }

    public CheckpointException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
