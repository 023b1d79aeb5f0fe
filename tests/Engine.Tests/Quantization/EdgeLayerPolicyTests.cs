using QuantGrid.Engine.Experiments;
using QuantGrid.Engine.Models;
using QuantGrid.Engine.Quantization;
using QuantGrid.Engine.Search;

namespace QuantGrid.Engine.Tests.Quantization;

public sealed class EdgeLayerPolicyTests
{
    [Fact]
    public void The_depthwise_policy_keeps_the_edges_and_every_depthwise_layer_of_mobilenet_at_8_bits_and_the_rest_at_2()
    {
        using var model = ModelRegistry.Create("mobilenet", seed: 0);
        var options = new QuantizationOptions { WeightBits = 2, EdgeLayers = EdgeLayerPolicy.EightBitDepthwise };

        using var network = NetworkQuantizer.Build((ISequentialModel)model, options);

        var layers = LayerProfiles.Of("mobilenet").Layers;
        var bits = network.QuantizedLayers.Select(l => (l.Bits.Weights, l.Bits.Activations)).ToList();
        Assert.Equal(layers.Count, bits.Count);
        for (var i = 0; i < layers.Count; i++)
        {
            var keep = i == 0 || i == layers.Count - 1 || layers[i].Name.StartsWith("depthwise", StringComparison.Ordinal);
            Assert.Equal(keep ? (8, 8) : (2, 2), bits[i]);
        }
    }

    [Theory]
    [InlineData("cnn", QuantMethod.Qat, 2, 2, EdgeLayerPolicy.EightBit)]
    [InlineData("vgg16", QuantMethod.Ptq, 4, 4, EdgeLayerPolicy.EightBit)]
    [InlineData("mobilenet", QuantMethod.Ptq, 8, 8, EdgeLayerPolicy.EightBit)]
    [InlineData("mobilenet", QuantMethod.Float, 2, 2, EdgeLayerPolicy.EightBit)]
    [InlineData("mobilenet", QuantMethod.Qat, 8, 4, EdgeLayerPolicy.EightBitDepthwise)]
    [InlineData("mobilenet", QuantMethod.Qat, 2, 2, EdgeLayerPolicy.EightBitDepthwise)]
    public void The_depthwise_policy_resolves_to_eightbit_wherever_it_would_keep_nothing_more(string model, QuantMethod method, int weights, int activations, EdgeLayerPolicy expected)
    {
        Assert.Equal(expected, EdgeLayerPolicies.For(model, method, weights, activations, EdgeLayerPolicy.EightBitDepthwise));
        Assert.Equal(EdgeLayerPolicy.Uniform, EdgeLayerPolicies.For(model, method, weights, activations, EdgeLayerPolicy.Uniform));
    }

    [Fact]
    public void The_registry_says_which_models_have_depthwise_layers_as_their_layers_do()
    {
        foreach (var info in ModelRegistry.All)
        {
            Assert.Equal(LayerProfiles.Of(info.Name).Layers.Any(l => l.Name.StartsWith("depthwise", StringComparison.Ordinal)), info.HasDepthwiseLayers);
        }
    }
}
