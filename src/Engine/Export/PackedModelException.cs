namespace QuantGrid.Engine.Export;

/// <summary>A packed model file is corrupt, truncated or of an unknown version.</summary>
public sealed class PackedModelException : Exception
{
    public PackedModelException(string message)
        : base(message)
    {
    }

    public PackedModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
