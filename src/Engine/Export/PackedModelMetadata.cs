namespace QuantGrid.Engine.Export;

/// <summary>What a packed model file describes (stored as JSON in its header).</summary>
public sealed record PackedModelMetadata(
    string Model,
    string Dataset,
    string Method,
    int WeightBits,
    int ActivationBits,
    string EdgeLayers,
    int Seed,
    double? Accuracy);
