using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Quantization;

/// <summary>Symmetric weight fake quantizer with one learned step size per output channel (or one per tensor).</summary>
public sealed class WeightQuantizer : nn.Module
{
    private readonly Parameter scale;
    private readonly Tensor zero;

    public WeightQuantizer(int bits, long[] weightShape, bool perChannel)
        : base(nameof(WeightQuantizer))
    {
        Range = QuantRange.Symmetric(bits);
        PerChannel = perChannel;
        var shape = perChannel ? new long[] { weightShape[0] }.Concat(Enumerable.Repeat(1L, weightShape.Length - 1)).ToArray() : [1];
        scale = nn.Parameter(ones(shape));
        zero = zeros(1);
        WeightsPerScale = weightShape.Aggregate(1L, (a, b) => a * b) / (perChannel ? weightShape[0] : 1);
        RegisterComponents();
    }

    public QuantRange Range { get; }

    public bool PerChannel { get; }

    public Parameter Scale => scale;

    public long WeightsPerScale { get; }

    /// <summary>Initialises the scales from the weights (max |w|, or the MSE-best clipping).</summary>
    public void Calibrate(Tensor weight, bool mse)
    {
        using var noGrad = no_grad();
        using var scales = RangeSearch.WeightScales(weight, Range, mse, PerChannel);
        scale.copy_(scales);
    }

    /// <summary>Sets the scales directly (used by the packed-model reader).</summary>
    public void Set(float[] scales)
    {
        using var noGrad = no_grad();
        using var values = tensor(scales).reshape(scale.shape);
        scale.copy_(values);
    }

    public Tensor Quantize(Tensor weight) => FakeQuantize.Apply(weight, scale, zero, Range, 1.0 / Math.Sqrt(WeightsPerScale * Range.Max));

    /// <summary>The integer weights in [−qmax, qmax].</summary>
    public Tensor Integers(Tensor weight) => FakeQuantize.Integers(weight, scale, zero, Range);
}
