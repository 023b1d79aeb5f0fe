using System.Globalization;

namespace QuantGrid.Engine.Quantization;

/// <summary>
/// Per-layer bit widths, one entry per weighted layer in model order, written <c>w8-4-4-2-8/a8-8-8-8-8</c>
/// (<c>f</c>: the layer stays float). Without the <c>/a…</c> part every quantized layer's input is 8-bit.
/// </summary>
public sealed record BitMap
{
    private BitMap(IReadOnlyList<LayerBits> layers) => Layers = layers;

    public IReadOnlyList<LayerBits> Layers { get; }

    public int Count => Layers.Count;

    /// <summary>The widest quantized weight width (0 when every layer is float).</summary>
    public int MaxWeightBits => Layers.Where(l => !l.IsFloat).Select(l => l.Weights).DefaultIfEmpty(0).Max();

    /// <summary>The widest quantized activation width (0 when every layer is float).</summary>
    public int MaxActivationBits => Layers.Where(l => !l.IsFloat).Select(l => l.Activations).DefaultIfEmpty(0).Max();

    /// <summary>Some layer stays float (such a model can be evaluated but not packed).</summary>
    public bool HasFloatLayers => Layers.Any(l => l.IsFloat);

    public static BitMap Of(IEnumerable<LayerBits> layers)
    {
        var list = layers.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("a bit map needs at least one layer");
        }

        foreach (var layer in list.Where(l => !l.IsFloat))
        {
            if (layer.Weights is < QuantRange.MinBits or > QuantRange.MaxBits || layer.Activations is < QuantRange.MinBits or > QuantRange.MaxBits)
            {
                throw new ArgumentException($"bit map widths must be f or {QuantRange.MinBits}..{QuantRange.MaxBits}, got w{layer.Weights}a{layer.Activations}");
            }
        }

        return new BitMap(list);
    }

    /// <summary>Every one of <paramref name="count"/> layers at the same widths.</summary>
    public static BitMap Uniform(int count, int weightBits, int activationBits = 8) =>
        Of(Enumerable.Repeat(new LayerBits(weightBits, activationBits), count));

    /// <summary>Only layer <paramref name="index"/> quantized; the others float (a sensitivity probe).</summary>
    public static BitMap Single(int count, int index, int weightBits, int activationBits = 8) =>
        Of(Enumerable.Range(0, count).Select(i => i == index ? new LayerBits(weightBits, activationBits) : new LayerBits(LayerBits.Float, LayerBits.Float)));

    /// <exception cref="ArgumentException">The text is not a bit map (one-line reason).</exception>
    public static BitMap Parse(string text)
    {
        var parts = text.Trim().ToLowerInvariant().Split('/');
        if (parts.Length > 2 || !parts[0].StartsWith('w') || (parts.Length == 2 && !parts[1].StartsWith('a')))
        {
            throw new ArgumentException($"'{text}' is not a bit map: expected w<bits>-<bits>-…[/a<bits>-…], for example w8-4-4-2-8/a8-8-8-8-8 (f: float)");
        }

        var weights = Widths(parts[0][1..], text);
        var activations = parts.Length == 2 ? Widths(parts[1][1..], text) : weights.Select(w => w == LayerBits.Float ? LayerBits.Float : 8).ToArray();
        if (activations.Length != weights.Length)
        {
            throw new ArgumentException($"bit map '{text}' has {weights.Length} weight widths but {activations.Length} activation widths");
        }

        if (weights.Zip(activations).Any(p => (p.First == LayerBits.Float) != (p.Second == LayerBits.Float)))
        {
            throw new ArgumentException($"bit map '{text}': a float layer (f) is float for weights and activations alike");
        }

        return Of(weights.Zip(activations, (w, a) => new LayerBits(w, a)));
    }

    /// <summary>The canonical text: <c>w…/a…</c>.</summary>
    public override string ToString() =>
        $"w{string.Join('-', Layers.Select(l => Width(l.Weights)))}/a{string.Join('-', Layers.Select(l => Width(l.Activations)))}";

    /// <summary>Mean weight width weighted by each layer's weight count (float layers count 32).</summary>
    public double AverageWeightBits(IReadOnlyList<long> weightsPerLayer)
    {
        RequireCount(weightsPerLayer.Count, "layers");
        var total = weightsPerLayer.Sum();
        return total == 0 ? 0 : Layers.Zip(weightsPerLayer, (l, n) => (double)l.Weights * n).Sum() / total;
    }

    /// <summary>Throws when the map does not have one entry per weighted layer of the model.</summary>
    public void RequireCount(int weightedLayers, string model)
    {
        if (Count != weightedLayers)
        {
            throw new ArgumentException($"bit map {this} has {Count} layers but {model} has {weightedLayers} weighted layers");
        }
    }

    public bool Equals(BitMap? other) => other is not null && Layers.SequenceEqual(other.Layers);

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    private static string Width(int bits) => bits == LayerBits.Float ? "f" : bits.ToString(CultureInfo.InvariantCulture);

    private static int[] Widths(string text, string whole) =>
    [
        .. text.Split('-').Select(w => w == "f" ? LayerBits.Float
            : int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out var bits) ? bits
            : throw new ArgumentException($"bit map '{whole}': '{w}' is not a width (f or {QuantRange.MinBits}..{QuantRange.MaxBits})")),
    ];
}
