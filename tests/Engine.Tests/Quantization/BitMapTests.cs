using QuantGrid.Engine.Quantization;

namespace QuantGrid.Engine.Tests.Quantization;

public sealed class BitMapTests
{
    [Theory]
    [InlineData("w8-4-2/a8-6-4")]
    [InlineData("w2-f-8/a8-f-8")]
    [InlineData("w3/a3")]
    public void Canonical_text_parses_back_to_the_same_map(string text)
    {
        var map = BitMap.Parse(text);

        Assert.Equal(text, map.ToString());
        Assert.Equal(map, BitMap.Parse(map.ToString()));
    }

    [Fact]
    public void Without_activation_widths_every_quantized_input_is_eight_bit_and_float_layers_stay_float()
    {
        var map = BitMap.Parse("W4-F-2");

        Assert.Equal("w4-f-2/a8-f-8", map.ToString());
        Assert.Equal([new LayerBits(4, 8), new LayerBits(LayerBits.Float, LayerBits.Float), new LayerBits(2, 8)], map.Layers);
        Assert.True(map.HasFloatLayers);
        Assert.Equal((4, 8), (map.MaxWeightBits, map.MaxActivationBits));
    }

    [Fact]
    public void Single_layer_probe_and_uniform_maps()
    {
        Assert.Equal("wf-3-f/af-8-f", BitMap.Single(3, 1, 3).ToString());
        Assert.Equal("w4-4-4/a8-8-8", BitMap.Uniform(3, 4).ToString());
    }

    [Theory]
    [InlineData("w9-2", "f or 2..8")]
    [InlineData("w1-2", "f or 2..8")]
    [InlineData("8-4", "not a bit map")]
    [InlineData("w8-4/a8", "2 weight widths but 1 activation")]
    [InlineData("w8-f/a8-8", "float for weights and activations alike")]
    [InlineData("w8-x", "'x' is not a width")]
    public void Malformed_maps_are_rejected_with_a_one_line_reason(string text, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => BitMap.Parse(text));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Average_width_weighs_each_layer_by_its_weights()
    {
        var map = BitMap.Parse("w8-2");

        Assert.Equal((8 * 100 + 2 * 300) / 400.0, map.AverageWeightBits([100, 300]), 9);
        Assert.Contains("has 2 layers but cnn has 3", Assert.Throws<ArgumentException>(() => map.RequireCount(3, "cnn")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Under_a_bit_map_each_layer_chooses_its_weight_clipping_by_its_own_width()
    {
        var map = new QuantizationOptions { WeightBits = 8, BitMap = BitMap.Parse("w8-2-6") };
        var uniform = new QuantizationOptions { WeightBits = 2, EdgeLayers = EdgeLayerPolicy.EightBit };

        Assert.Equal([false, true, false], map.BitMap!.Layers.Select(map.MseWeightsFor));
        Assert.True(uniform.MseWeightsFor(new LayerBits(8, 8)), "a uniform 2-bit request clips its 8-bit edge layers by MSE too, as it always has");
        Assert.True((map with { Calibration = CalibrationMethod.Mse }).MseWeightsFor(new LayerBits(8, 8)));
    }

    [Fact]
    public void A_bit_map_replaces_uniform_widths_and_the_edge_policy()
    {
        var options = new QuantizationOptions { WeightBits = 4, EdgeLayers = EdgeLayerPolicy.EightBit, BitMap = BitMap.Parse("w2-3-4/a8-6-4") };

        Assert.Equal([new LayerBits(2, 8), new LayerBits(3, 6), new LayerBits(4, 4)], Enumerable.Range(0, 3).Select(i => options.BitsFor(i, 3)));
        Assert.Throws<ArgumentException>(() => options.BitsFor(0, 4));
    }
}
