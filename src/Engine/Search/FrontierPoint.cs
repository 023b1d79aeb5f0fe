namespace QuantGrid.Engine.Search;

/// <summary>One allocation on the size–accuracy frontier: a weight width per layer, its predicted file size and predicted drop.</summary>
public sealed record FrontierPoint(IReadOnlyList<int> WeightBits, long PredictedBytes, double PredictedDrop)
{
    /// <summary>The bit map of this allocation with every input activation at <paramref name="activationBits"/>.</summary>
    public string BitMap(int activationBits = 8) => Quantization.BitMap.Of(WeightBits.Select(w => new Quantization.LayerBits(w, activationBits))).ToString();
}
