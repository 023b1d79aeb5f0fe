namespace QuantGrid.Engine.Search;

/// <summary>
/// The measured accuracy drop (float − quantized, as a fraction, on validation data) of quantizing each weighted
/// layer alone to each candidate width while every other layer stays float, and, where measured, the output SQNR of
/// the same probes. The allocator uses the drops; the SQNR is reported beside them.
/// </summary>
public sealed class SensitivityTable
{
    private readonly double[][] drops;
    private readonly double?[][]? outputSqnrDb;

    /// <param name="widths">Candidate weight widths, ascending.</param>
    /// <param name="drops">One row per layer, one column per width.</param>
    /// <param name="outputSqnrDb">The probes' output SQNR in decibels, shaped like <paramref name="drops"/>; null cells where not measured.</param>
    public SensitivityTable(IReadOnlyList<int> widths, double[][] drops, double?[][]? outputSqnrDb = null)
    {
        if (widths.Count == 0 || !widths.Zip(widths.Skip(1)).All(p => p.First < p.Second))
        {
            throw new ArgumentException("candidate widths must be distinct and ascending");
        }

        if (drops.Any(row => row.Length != widths.Count))
        {
            throw new ArgumentException($"every layer needs one drop per candidate width ({widths.Count})");
        }

        if (outputSqnrDb is not null && (outputSqnrDb.Length != drops.Length || outputSqnrDb.Any(row => row.Length != widths.Count)))
        {
            throw new ArgumentException("the output SQNR table must have the drops' shape");
        }

        Widths = widths;
        this.drops = drops;
        this.outputSqnrDb = outputSqnrDb;
    }

    public IReadOnlyList<int> Widths { get; }

    public int LayerCount => drops.Length;

    public double Drop(int layer, int widthIndex) => drops[layer][widthIndex];

    /// <summary>The probe's output SQNR in decibels (null where it was not measured).</summary>
    public double? OutputSqnrDb(int layer, int widthIndex) => outputSqnrDb?[layer][widthIndex];

    /// <summary>Whether any probe measured its output SQNR.</summary>
    public bool HasOutputSqnr => outputSqnrDb?.Any(row => row.Any(v => v is not null)) == true;

    /// <summary>The drop the table predicts for a whole model: the layers' drops added up (each layer's error assumed independent).</summary>
    public double PredictedDrop(IReadOnlyList<int> widthIndices) => widthIndices.Select((w, layer) => drops[layer][w]).Sum();
}
