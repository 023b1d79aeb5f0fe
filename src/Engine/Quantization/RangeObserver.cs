using static TorchSharp.torch;

namespace QuantGrid.Engine.Quantization;

/// <summary>Watches activations during calibration and proposes a per-tensor range.</summary>
public sealed class RangeObserver(CalibrationMethod method)
{
    private const int SampleLimit = 1 << 18;
    private readonly List<float[]> samples = [];
    private double min = double.PositiveInfinity;
    private double max = double.NegativeInfinity;
    private bool seen;

    public CalibrationMethod Method { get; } = method;

    public void Observe(Tensor x)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var batchMin = x.min().item<float>();
        var batchMax = x.max().item<float>();
        if (Method == CalibrationMethod.MovingAverage && seen)
        {
            min = (0.9 * min) + (0.1 * batchMin);
            max = (0.9 * max) + (0.1 * batchMax);
        }
        else
        {
            min = Math.Min(min, batchMin);
            max = Math.Max(max, batchMax);
        }

        seen = true;
        if (Method is CalibrationMethod.Percentile or CalibrationMethod.Mse)
        {
            var flat = x.detach().flatten().cpu();
            var stride = Math.Max(1, flat.shape[0] / (SampleLimit / 4));
            samples.Add(flat[TensorIndex.Slice(0, null, stride)].data<float>().ToArray());
        }
    }

    /// <summary>The calibrated [min, max]; throws when nothing was observed.</summary>
    public (double Min, double Max) Range(QuantRange grid)
    {
        if (!seen)
        {
            throw new InvalidOperationException("no calibration data was observed");
        }

        if (Method is CalibrationMethod.MinMax or CalibrationMethod.MovingAverage or CalibrationMethod.Auto)
        {
            return (min, max);
        }

        var values = samples.SelectMany(s => s).ToArray();
        if (Method == CalibrationMethod.Percentile)
        {
            Array.Sort(values);
            return (values[(int)(0.0001 * (values.Length - 1))], values[(int)(0.9999 * (values.Length - 1))]);
        }

        using var sample = tensor(values);
        return RangeSearch.MseRange(sample, grid);
    }
}
