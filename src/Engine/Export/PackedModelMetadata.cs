namespace QuantGrid.Engine.Export;

/// <summary>What a packed model file describes (stored as JSON in its header).</summary>
/// <param name="WeightBits">The widest weight width (every layer's own widths are stored with the layer).</param>
/// <param name="BitMap">The per-layer widths (<see cref="Quantization.BitMap"/>) when the model was quantized with a bit map.</param>
public sealed record PackedModelMetadata(
    string Model,
    string Dataset,
    string Method,
    int WeightBits,
    int ActivationBits,
    string EdgeLayers,
    int Seed,
    double? Accuracy,
    string? BitMap = null);
