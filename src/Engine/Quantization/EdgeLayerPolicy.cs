namespace QuantGrid.Engine.Quantization;

/// <summary>Bit widths of the first and last weighted layers.</summary>
public enum EdgeLayerPolicy
{
    /// <summary>Keep the first and last weighted layers at 8 bits (weights and inputs) below 8 bits: common practice and the default.</summary>
    EightBit,

    /// <summary>Every layer at the requested widths.</summary>
    Uniform,
}
