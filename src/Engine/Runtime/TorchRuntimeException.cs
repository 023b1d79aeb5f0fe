namespace QuantGrid.Engine.Runtime;

/// <summary>TorchSharp's native libraries could not be prepared or loaded.</summary>
public sealed class TorchRuntimeException : Exception
{
    public TorchRuntimeException(string message)
        : base(message)
    {
    }

    public TorchRuntimeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
