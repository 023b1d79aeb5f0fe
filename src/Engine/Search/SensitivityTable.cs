namespace QuantGrid.Engine.Search;

/// <summary>
/// The measured accuracy drop (float − quantized, as a fraction, on validation data) of quantizing each weighted
/// layer alone to each candidate width while every other layer stays float.
/// </summary>
public sealed class SensitivityTable
{
    private readonly double[][] drops;

    /// <param name="widths">Candidate weight widths, ascending.</param>
    /// <param name="drops">One row per layer, one column per width.</param>
    public SensitivityTable(IReadOnlyList<int> widths, double[][] drops)
    {
        if (widths.Count == 0 || !widths.Zip(widths.Skip(1)).All(p => p.First < p.Second))
        {
            throw new ArgumentException("candidate widths must be distinct and ascending");
        }

        if (drops.Any(row => row.Length != widths.Count))
        {
            throw new ArgumentException($"every layer needs one drop per candidate width ({widths.Count})");
        }

        Widths = widths;
        this.drops = drops;
    }

    public IReadOnlyList<int> Widths { get; }

    public int LayerCount => drops.Length;

    public double Drop(int layer, int widthIndex) => drops[layer][widthIndex];

    /// <summary>The drop the table predicts for a whole model: the layers' drops added up (each layer's error assumed independent).</summary>
    public double PredictedDrop(IReadOnlyList<int> widthIndices) => widthIndices.Select((w, layer) => drops[layer][w]).Sum();
}
