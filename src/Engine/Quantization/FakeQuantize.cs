using static TorchSharp.torch;

namespace QuantGrid.Engine.Quantization;

/// <summary>
/// Uniform affine fake quantization (quantize, then dequantize) with straight-through rounding and
/// learned step size (LSQ, Esser et al. 2020): gradients reach the input inside the clipping range and
/// the scale, whose gradient is multiplied by <c>gradScale</c>.
/// </summary>
public static class FakeQuantize
{
    /// <summary>Returns <c>(clamp(round(x / s + z), qmin, qmax) − z) · s</c>, differentiable in x and s.</summary>
    public static Tensor Apply(Tensor x, Tensor scale, Tensor zeroPoint, QuantRange range, double gradScale)
    {
        using var scope = NewDisposeScope();
        var s = ScaleGradient(scale, gradScale);
        var q = RoundStraightThrough((x / s + zeroPoint).clamp(range.Min, range.Max));
        return ((q - zeroPoint) * s).MoveToOuterDisposeScope();
    }

    /// <summary>The integers <c>clamp(round(x / s + z), qmin, qmax)</c>, without gradients.</summary>
    public static Tensor Integers(Tensor x, Tensor scale, Tensor zeroPoint, QuantRange range)
    {
        using var noGrad = no_grad();
        return (x / scale + zeroPoint).round().clamp(range.Min, range.Max);
    }

    /// <summary>Value of x, gradient scaled by g.</summary>
    public static Tensor ScaleGradient(Tensor x, double g)
    {
        using var scope = NewDisposeScope();
        var scaled = x * g;
        return ((x - scaled).detach() + scaled).MoveToOuterDisposeScope();
    }

    /// <summary>round(x) forward, identity backward.</summary>
    public static Tensor RoundStraightThrough(Tensor x)
    {
        using var scope = NewDisposeScope();
        return ((x.round() - x).detach() + x).MoveToOuterDisposeScope();
    }
}
