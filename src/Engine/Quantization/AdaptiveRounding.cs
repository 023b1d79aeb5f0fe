using System.Diagnostics;
using QuantGrid.Engine.Data;
using QuantGrid.Engine.Training;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Quantization;

/// <summary>
/// AdaRound (Nagel et al., "Up or Down? Adaptive Rounding for Post-Training Quantization", 2020), layer by layer:
/// each weight is rounded down or up as a learned soft variable decides, trained to make the layer's output
/// on the quantized inputs of the layers before it match the float layer's output on float inputs, while a
/// regulariser with an annealed exponent pushes every variable to 0 or 1. The layer's weights are then replaced
/// by their rounded values, which the weight quantizer reproduces exactly.
/// </summary>
public static class AdaptiveRounding
{
    private const double Zeta = 1.1;
    private const double Gamma = -0.1;
    private const double Regularisation = 0.01;
    private const double WarmupShare = 0.2;
    private const int BatchSize = 64;
    private const int ReportEverySteps = 10;

    /// <param name="progress">
    /// Reported every few steps, as a training run would be: the layer being learned as the epoch (of the layers whose
    /// rounding is learned), the step as the batch, the reconstruction error as the loss, and images per second through that layer.
    /// </param>
    public static void Apply(QuantizedNetwork network, LabelledImages train, QuantizationOptions options, int seed, Device device, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var layers = network.QuantizedLayers.Count(l => RoundingOption.Adapts(options.Rounding, l.Bits));
        var learned = 0;
        var count = Math.Min(options.AdaRoundImages, train.Count);
        using var order = tensor(Subsets.Shuffle(train.Count, seed, epoch: -2).AsSpan(0, count).ToArray());
        using var generator = new Generator(unchecked((ulong)seed) + 7);
        LayerByLayer.Adjust(
            network,
            train.Images.index_select(0, order).to(device),
            (layer, input, target) =>
            {
                if (RoundingOption.Adapts(options.Rounding, layer.Bits))
                {
                    var index = ++learned;
                    var clock = Stopwatch.StartNew();
                    Optimize(layer, input, target, options.AdaRoundSteps, generator, progress is null ? null : (step, images, error) =>
                        progress.Report(new TrainingProgress(index, layers, step, options.AdaRoundSteps, error(), images / Math.Max(1e-9, clock.Elapsed.TotalSeconds))));
                }
            },
            cancellationToken);
    }

    /// <summary>Learns the rounding of <paramref name="layer"/>'s weights and writes the rounded weights into it.</summary>
    /// <param name="stepDone">Called every few steps and after the last with the steps done, the images they took and the step's reconstruction error (read on demand).</param>
    public static void Optimize(QuantLayer layer, Tensor input, Tensor target, int steps, Generator generator, Action<int, long, Func<double>>? stepDone = null)
    {
        using var scope = NewDisposeScope();
        var range = layer.Weights.Range;
        Tensor floor, scale, quantizedInput;
        TorchSharp.Modules.Parameter rounding;
        using (no_grad())
        {
            scale = layer.Weights.Scale.detach().clone();
            var scaled = layer.Weight.detach() / scale;
            floor = scaled.floor();
            var rest = (scaled - floor).clamp(0.01, 0.99);
            rounding = nn.Parameter(-((Zeta - Gamma) / (rest - Gamma) - 1).log());
            quantizedInput = layer.Input.call(input);
        }

        using var optimizer = optim.Adam([rounding], 0.01);
        var warmup = (int)(steps * WarmupShare);
        var batch = Math.Min(BatchSize, input.shape[0]);
        for (var step = 0; step < steps; step++)
        {
            using var stepScope = NewDisposeScope();
            var indices = randint(0, input.shape[0], [batch], dtype: int64, generator: generator);
            var soft = SoftRounding(rounding);
            var weights = scale * (floor + soft).clamp(range.Min, range.Max);
            var output = layer.Apply(quantizedInput.index_select(0, indices), weights);
            var error = (output - target.index_select(0, indices)).pow(2).sum(1).mean();
            var loss = error;
            if (step >= warmup)
            {
                var beta = 20.0 - (18.0 * (step - warmup) / Math.Max(1, steps - warmup));
                loss = error + (Regularisation * (1 - (2 * soft - 1).abs().pow(beta)).sum());
            }

            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            if (stepDone is not null && ((step + 1) % ReportEverySteps == 0 || step + 1 == steps))
            {
                stepDone(step + 1, (step + 1) * batch, () => error.item<float>());
            }
        }

        using (no_grad())
        {
            var hard = (floor + SoftRounding(rounding).ge(0.5).to_type(floor.dtype)).clamp(range.Min, range.Max);
            layer.Weight.copy_(scale * hard);
        }
    }

    private static Tensor SoftRounding(Tensor rounding) => (rounding.sigmoid() * (Zeta - Gamma) + Gamma).clamp(0, 1);
}
