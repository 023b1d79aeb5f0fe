using QuantGrid.Engine.Data;
using QuantGrid.Engine.Models;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Quantization;

/// <summary>Builds a <see cref="QuantizedNetwork"/> from a float model, calibrates it, and corrects its biases.</summary>
public static class NetworkQuantizer
{
    /// <summary>Folds batch norm and wraps every weighted layer with quantizers (not yet calibrated).</summary>
    public static QuantizedNetwork Build(ISequentialModel model, QuantizationOptions options)
    {
        options.Validate();
        var weightedCount = model.Layers.Count(l => l is ConvUnit or DenseUnit);
        var index = 0;
        var layers = model.Layers.Select(layer => layer switch
        {
            ConvUnit conv => FromConv(conv, options.BitsFor(index++, weightedCount, conv.Groups > 1), options.PerChannelWeights),
            DenseUnit dense => FromDense(dense, options.BitsFor(index++, weightedCount), options.PerChannelWeights),
            _ => StatelessLayers.Create(StatelessLayers.KindOf(layer)),
        }).ToList();
        return new QuantizedNetwork(layers);
    }

    /// <summary>
    /// Observes the inputs of every weighted layer on <c>CalibrationBatches</c> training batches (float
    /// path), then sets activation ranges and weight scales and enables quantization.
    /// </summary>
    public static void Calibrate(QuantizedNetwork network, LabelledImages train, QuantizationOptions options, int seed, Device device)
    {
        network.eval();
        foreach (var layer in network.QuantizedLayers)
        {
            layer.QuantizeWeights = false;
            layer.Input.BeginObserving(options.CalibrationFor(layer.Bits.Activations));
        }

        using (no_grad())
        {
            foreach (var batch in CalibrationBatches(train, options, seed))
            {
                using var scope = NewDisposeScope();
                _ = network.call(train.Images.index_select(0, batch).to(device));
            }
        }

        foreach (var layer in network.QuantizedLayers)
        {
            layer.Input.EndObserving();
            layer.Weights.Calibrate(layer.Weight, options.MseWeightsFor(layer.Bits));
            layer.QuantizeWeights = true;
        }
    }

    /// <summary>
    /// Empirical bias correction, layer by layer: adds to each bias the mean per-channel difference between
    /// the float layer on float inputs and the quantized layer on the (already corrected) quantized inputs.
    /// </summary>
    public static void CorrectBias(QuantizedNetwork network, LabelledImages train, QuantizationOptions options, int seed, Device device)
    {
        var batchOptions = options with { CalibrationBatches = 1, CalibrationBatchSize = Math.Max(options.CalibrationBatchSize, 512) };
        using var batch = CalibrationBatches(train, batchOptions, seed + 1).First();
        LayerByLayer.Adjust(network, train.Images.index_select(0, batch).to(device), (layer, input, expected) =>
        {
            if (layer.Bits.IsFloat)
            {
                return;
            }

            using var noGrad = no_grad();
            var dims = expected.dim() == 4 ? new long[] { 0, 2, 3 } : [0];
            layer.Bias.add_((expected - layer.PreActivation(input)).mean(dims));
        });
    }

    private static IEnumerable<Tensor> CalibrationBatches(LabelledImages train, QuantizationOptions options, int seed)
    {
        var order = Subsets.Shuffle(train.Count, seed, epoch: -1);
        for (var b = 0; b < options.CalibrationBatches; b++)
        {
            var start = b * options.CalibrationBatchSize % Math.Max(1, train.Count);
            var count = Math.Min(options.CalibrationBatchSize, train.Count - start);
            yield return tensor(order.AsSpan(start, count).ToArray());
        }
    }

    private static QuantLayer FromConv(ConvUnit unit, LayerBits bits, bool perChannel)
    {
        var (weight, bias) = BatchNormFolding.Fold(unit);
        using (weight)
        using (bias)
        {
            var shape = new QuantLayerShape(unit.Conv.weight!.shape[1] * unit.Groups, weight.shape[0], weight.shape[2], unit.Stride, unit.Padding, unit.Groups, unit.Activation);
            return new QuantLayer(shape, weight, bias, bits, perChannel);
        }
    }

    private static QuantLayer FromDense(DenseUnit unit, LayerBits bits, bool perChannel)
    {
        var weight = unit.Linear.weight!;
        using var bias = unit.Linear.bias?.detach().clone() ?? zeros(weight.shape[0]);
        return new QuantLayer(QuantLayerShape.Linear(weight.shape[1], weight.shape[0], unit.Activation), weight, bias, bits, perChannel);
    }
}
