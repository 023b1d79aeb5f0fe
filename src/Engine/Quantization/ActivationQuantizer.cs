using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Quantization;

/// <summary>
/// Per-tensor asymmetric fake quantizer for a layer's input, with a learned step size and a fixed
/// integer zero point. Off until calibrated; while observing it passes values through and records them.
/// </summary>
public sealed class ActivationQuantizer : nn.Module<Tensor, Tensor>
{
    private readonly Parameter scale;
    private readonly Tensor zeroPoint;
    private RangeObserver? observer;

    public ActivationQuantizer(int bits)
        : base(nameof(ActivationQuantizer))
    {
        Range = QuantRange.Asymmetric(bits);
        scale = nn.Parameter(ones(1));
        zeroPoint = zeros(1);
        RegisterComponents();
    }

    public QuantRange Range { get; }

    /// <summary>True once calibrated or loaded; false passes values through.</summary>
    public bool Enabled { get; set; }

    public Parameter Scale => scale;

    public Tensor ZeroPoint => zeroPoint;

    /// <summary>Values per example, for the LSQ gradient scale.</summary>
    public long FeaturesPerExample { get; private set; } = 1;

    /// <summary>Starts recording values (and passing them through) with <paramref name="method"/>.</summary>
    public void BeginObserving(CalibrationMethod method) => observer = new RangeObserver(method);

    /// <summary>Sets scale and zero point from what was observed and enables quantization.</summary>
    public void EndObserving()
    {
        var (min, max) = (observer ?? throw new InvalidOperationException("not observing")).Range(Range);
        var (s, z) = RangeSearch.AffineParameters(min, max, Range);
        Set(s, z);
        observer = null;
    }

    /// <summary>Sets the quantization parameters directly (used by the packed-model reader).</summary>
    public void Set(double newScale, double newZeroPoint)
    {
        using var noGrad = no_grad();
        scale.fill_(newScale);
        zeroPoint.fill_(newZeroPoint);
        Enabled = true;
    }

    public override Tensor forward(Tensor input)
    {
        FeaturesPerExample = Math.Max(1, input.numel() / Math.Max(1, input.shape[0]));
        if (observer is not null)
        {
            observer.Observe(input);
            return input.alias();
        }

        return Enabled
            ? FakeQuantize.Apply(input, scale, zeroPoint, Range, 1.0 / Math.Sqrt(FeaturesPerExample * Range.Max))
            : input.alias();
    }
}
