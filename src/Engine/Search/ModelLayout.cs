namespace QuantGrid.Engine.Search;

/// <summary>A model's weighted layers (in bit map order) and the number of layers without weights (pooling, flatten, …).</summary>
public sealed record ModelLayout(string Model, IReadOnlyList<LayerProfile> Layers, int StatelessLayers)
{
    public long Weights => Layers.Sum(l => l.Weights);

    /// <summary>Predicted packed-file bytes with these weight widths, one per layer.</summary>
    public long PackedBytes(IReadOnlyList<int> weightBits) => PackedSize.File(Layers, weightBits, StatelessLayers, PackedSize.MetadataBytes(Model, weightBits));

    /// <summary>Mean weight width weighted by each layer's weight count.</summary>
    public double AverageBits(IReadOnlyList<int> weightBits) => Layers.Zip(weightBits, (l, b) => (double)l.Weights * b).Sum() / Math.Max(1, Weights);
}
