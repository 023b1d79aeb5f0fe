using QuantGrid.Engine.Models;
using QuantGrid.Engine.Quantization;
using QuantGrid.Engine.Training;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Tests.Quantization;

public sealed class AdaptiveRoundingTests
{
    private static readonly QuantizationOptions TwoBit = new() { WeightBits = 2, CalibrationBatches = 1, CalibrationBatchSize = 128, AdaRoundSteps = 40, AdaRoundImages = 128 };

    [Fact]
    public void Every_weight_lands_on_its_grid_one_level_at_most_from_nearest_rounding()
    {
        using var splits = TestData.LoadFashion(trainLimit: 300, testLimit: 10);
        using var model = ModelRegistry.Create("cnn", seed: 3);
        var options = TwoBit with { EdgeLayers = EdgeLayerPolicy.Uniform, Rounding = WeightRounding.Adaptive };
        using var network = Calibrated(model, splits.Train, options);
        var nearest = network.WeightedLayers.Select(l => l.Weights.Integers(l.Weight)).ToList();

        AdaptiveRounding.Apply(network, splits.Train, options, seed: 0, CPU);

        foreach (var (layer, before) in network.WeightedLayers.Zip(nearest))
        {
            using var scope = NewDisposeScope();
            var levels = layer.Weight.detach() / layer.Weights.Scale.detach();
            Assert.True((levels - levels.round()).abs().max().item<float>() < 1e-3, "weights must be exact multiples of their scale");
            Assert.True(levels.round().abs().max().item<float>() <= layer.Weights.Range.Max);
            Assert.True((levels.round() - before).abs().max().item<float>() <= 1);
            before.Dispose();
        }
    }

    [Fact]
    public void Auto_rounding_learns_the_low_bit_layers_and_leaves_the_8_bit_edge_layers_at_nearest()
    {
        using var splits = TestData.LoadFashion(trainLimit: 300, testLimit: 10);
        using var model = ModelRegistry.Create("cnn", seed: 3);
        var options = TwoBit with { Rounding = WeightRounding.Auto };
        using var network = Calibrated(model, splits.Train, options);
        var nearest = network.WeightedLayers.Select(l => l.Weights.Integers(l.Weight)).ToList();

        AdaptiveRounding.Apply(network, splits.Train, options, seed: 0, CPU);

        var changed = network.WeightedLayers.Zip(nearest, (layer, before) =>
        {
            using var scope = NewDisposeScope();
            var moved = (layer.Weights.Integers(layer.Weight) - before).abs().sum().item<float>() > 0;
            before.Dispose();
            return (layer.Bits.Weights, moved);
        }).ToList();
        Assert.Equal([8, 2, 8], changed.Select(c => c.Weights));
        Assert.Equal([false, true, false], changed.Select(c => c.moved));
    }

    [Fact]
    public void Learning_the_rounding_reports_each_learned_layer_through_its_last_step()
    {
        using var splits = TestData.LoadFashion(trainLimit: 300, testLimit: 10);
        using var model = ModelRegistry.Create("cnn", seed: 3);
        var options = TwoBit with { Rounding = WeightRounding.Auto, EdgeLayers = EdgeLayerPolicy.Uniform, AdaRoundSteps = 25 };
        using var network = Calibrated(model, splits.Train, options);
        var reports = new List<TrainingProgress>();

        AdaptiveRounding.Apply(network, splits.Train, options, seed: 0, CPU, progress: new SyncProgress<TrainingProgress>(reports.Add));

        Assert.Equal([(1, 10), (1, 20), (1, 25), (2, 10), (2, 20), (2, 25), (3, 10), (3, 20), (3, 25)], reports.Select(r => (r.Epoch, r.Batch)));
        Assert.All(reports, r => Assert.Equal((3, 25), (r.Epochs, r.Batches)));
        Assert.All(reports, r => Assert.True(double.IsFinite(r.Loss) && r.Loss >= 0 && r.ImagesPerSecond > 0, $"loss {r.Loss}, {r.ImagesPerSecond} images/s"));
    }

    [Fact]
    public void The_learned_rounding_reconstructs_a_layer_better_than_nearest_rounding()
    {
        using var splits = TestData.LoadFashion(trainLimit: 256, testLimit: 10);
        using var model = ModelRegistry.Create("cnn", seed: 5);
        var options = new QuantizationOptions { WeightBits = 2, ActivationBits = 8, EdgeLayers = EdgeLayerPolicy.Uniform, CalibrationBatches = 1, CalibrationBatchSize = 256 };
        using var network = NetworkQuantizer.Build((ISequentialModel)model, options);
        NetworkQuantizer.Calibrate(network, splits.Train, options, seed: 0, CPU);
        var layer = network.WeightedLayers.First();
        using var scope = NewDisposeScope();
        var input = splits.Train.Images;
        var target = layer.FloatPreActivation(input);

        var nearestError = Error(layer, input, target);
        using var generator = new Generator(1);
        AdaptiveRounding.Optimize(layer, input, target, steps: 300, generator);
        var learnedError = Error(layer, input, target);

        Assert.True(learnedError < 0.9 * nearestError, $"reconstruction error {learnedError:G4} vs nearest rounding {nearestError:G4}");
    }

    private static QuantizedNetwork Calibrated(nn.Module<Tensor, Tensor> model, Engine.Data.LabelledImages train, QuantizationOptions options)
    {
        var network = NetworkQuantizer.Build((ISequentialModel)model, options);
        NetworkQuantizer.Calibrate(network, train, options, seed: 0, CPU);
        return network;
    }

    private static double Error(QuantLayer layer, Tensor input, Tensor target)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return (layer.PreActivation(input) - target).pow(2).mean().item<float>();
    }
}
