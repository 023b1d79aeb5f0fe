namespace QuantGrid.Engine.Quantization;

/// <summary>Bit widths of one weighted layer: its weights and its input activations (<see cref="Float"/>: left unquantized).</summary>
public readonly record struct LayerBits(int Weights, int Activations)
{
    /// <summary>The width that marks a layer left in float (32-bit) by a bit map.</summary>
    public const int Float = 32;

    /// <summary>The layer stays float: neither its weights nor its input are quantized.</summary>
    public bool IsFloat => Weights == Float;
}
