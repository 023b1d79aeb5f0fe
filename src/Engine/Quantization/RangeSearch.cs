using static TorchSharp.torch;

namespace QuantGrid.Engine.Quantization;

/// <summary>Ranges of tensors: per-channel for weights, per-tensor for activations, with MSE-optimal clipping.</summary>
public static class RangeSearch
{
    private static readonly double[] ClipRatios = [.. Enumerable.Range(0, 100).Select(i => Math.Pow(0.955, i))];

    /// <summary>Per-output-channel symmetric scale for weights [out, ...]: max |w| (or the MSE-best clip of it) / qmax.</summary>
    public static Tensor WeightScales(Tensor weight, QuantRange range, bool mse, bool perChannel)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var flat = perChannel ? weight.reshape(weight.shape[0], -1) : weight.reshape(1, -1);
        var maxAbs = flat.abs().amax([1], keepdim: true).clamp_min(1e-8);
        var best = maxAbs / range.Max;
        if (mse)
        {
            var bestError = (flat - (flat / best).round().clamp(range.Min, range.Max) * best).pow(2).mean([1], keepdim: true);
            foreach (var ratio in ClipRatios.Skip(1))
            {
                using var iteration = NewDisposeScope();
                var scale = maxAbs * ratio / range.Max;
                var error = (flat - (flat / scale).round().clamp(range.Min, range.Max) * scale).pow(2).mean([1], keepdim: true);
                var better = error < bestError;
                var nextBest = where(better, scale, best).MoveToOuterDisposeScope();
                var nextError = where(better, error, bestError).MoveToOuterDisposeScope();
                best.Dispose();
                bestError.Dispose();
                (best, bestError) = (nextBest, nextError);
            }
        }

        var shape = perChannel ? new long[] { weight.shape[0] }.Concat(Enumerable.Repeat(1L, (int)weight.dim() - 1)).ToArray() : [1];
        return best.reshape(shape).MoveToOuterDisposeScope();
    }

    /// <summary>The [min, max] (with min ≤ 0 ≤ max) that minimises the MSE of quantizing <paramref name="sample"/> on an unsigned grid.</summary>
    public static (double Min, double Max) MseRange(Tensor sample, QuantRange range)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        double lo = Math.Min(0, sample.min().item<float>());
        double hi = Math.Max(0, sample.max().item<float>());
        var best = (lo, hi);
        var bestError = double.MaxValue;
        foreach (var ratio in ClipRatios)
        {
            using var iteration = NewDisposeScope();
            var (min, max) = (lo * ratio, hi * ratio);
            var (scale, zero) = AffineParameters(min, max, range);
            var q = ((sample / scale) + zero).round().clamp(range.Min, range.Max);
            var error = ((q - zero) * scale - sample).pow(2).mean().item<float>();
            if (error < bestError)
            {
                (bestError, best) = (error, (min, max));
            }
        }

        return best;
    }

    /// <summary>Scale and integer zero point mapping [min, max] (widened to include 0) onto the grid.</summary>
    public static (double Scale, double ZeroPoint) AffineParameters(double min, double max, QuantRange range)
    {
        min = Math.Min(min, 0);
        max = Math.Max(max, 0);
        var scale = Math.Max((max - min) / (range.Max - range.Min), 1e-8);
        var zero = Math.Clamp(Math.Round(range.Min - (min / scale)), range.Min, range.Max);
        return (scale, zero);
    }
}
