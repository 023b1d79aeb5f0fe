namespace QuantGrid.Client.Sweeps;

/// <summary>The cluster named by <c>--cluster</c> could not be reached.</summary>
public sealed class ClusterUnreachableException : Exception
{
    public ClusterUnreachableException(string message)
        : base(message)
    {
    }

    public ClusterUnreachableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
