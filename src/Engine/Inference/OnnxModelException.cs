namespace QuantGrid.Engine.Inference;

/// <summary>An ONNX file is missing, not a valid model, or not one that QuantGrid can evaluate.</summary>
public sealed class OnnxModelException : Exception
{
    public OnnxModelException(string message)
        : base(message)
    {
    }

    public OnnxModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
