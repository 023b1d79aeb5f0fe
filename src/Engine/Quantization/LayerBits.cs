namespace QuantGrid.Engine.Quantization;

/// <summary>Bit widths of one weighted layer: its weights and its input activations.</summary>
public readonly record struct LayerBits(int Weights, int Activations);
