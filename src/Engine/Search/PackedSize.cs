using QuantGrid.Engine.Export;

namespace QuantGrid.Engine.Search;

/// <summary>
/// The size of a packed model file (<see cref="PackedModelFile"/>) predicted from its layers' widths: per layer a
/// fixed header, per-channel scales and float biases, and the bit-packed weights; plus the file's header and hash.
/// </summary>
public static class PackedSize
{
    private const int LayerHeader = 1 + (6 * 4) + 1 + 1 + 1 + 1 + 4 + 2 + 4 + 4;
    private const int FileOverhead = 4 + 2 + 2 + 4 + 4 + 32;

    /// <summary>Bytes of one layer's record at <paramref name="weightBits"/>.</summary>
    public static long Layer(LayerProfile layer, int weightBits) =>
        LayerHeader + (8 * layer.OutChannels) + BitPacker.PackedLength(layer.Weights, weightBits);

    /// <summary>Bytes of a whole file whose weighted layers have <paramref name="weightBits"/>; <paramref name="metadataBytes"/> is the JSON header's length.</summary>
    public static long File(IReadOnlyList<LayerProfile> layers, IReadOnlyList<int> weightBits, int statelessLayers, int metadataBytes) =>
        FileOverhead + metadataBytes + statelessLayers + layers.Zip(weightBits, Layer).Sum();

    /// <summary>The JSON header of a bit-mapped PTQ model of <paramref name="model"/> on Fashion-MNIST (its accuracy written with four digits).</summary>
    public static int MetadataBytes(string model, IReadOnlyList<int> weightBits)
    {
        var map = Quantization.BitMap.Of(weightBits.Select(w => new Quantization.LayerBits(w, 8)));
        return PackedModelFile.MetadataBytes(new PackedModelMetadata(model, "fashion-mnist", "ptq", map.MaxWeightBits, 8, "BitMap", 0, 0.8765, map.ToString()));
    }
}
