using QuantGrid.Engine.Quantization;
using QuantGrid.Engine.Runtime;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Tests.Quantization;

public sealed class RangeObserverTests
{
    public RangeObserverTests() => TorchRuntime.EnsureInitialized();

    [Fact]
    public void Min_max_spans_every_batch()
    {
        var observer = new RangeObserver(CalibrationMethod.MinMax);
        using var a = tensor(new[] { 0f, 1f, 2f });
        using var b = tensor(new[] { -3f, 0.5f });

        observer.Observe(a);
        observer.Observe(b);

        Assert.Equal((-3.0, 2.0), observer.Range(QuantRange.Asymmetric(8)));
    }

    [Fact]
    public void Moving_average_damps_a_late_extreme_batch()
    {
        var observer = new RangeObserver(CalibrationMethod.MovingAverage);
        using var normal = tensor(new[] { 0f, 1f });
        using var extreme = tensor(new[] { 0f, 11f });

        observer.Observe(normal);
        observer.Observe(extreme);

        Assert.Equal(2.0, observer.Range(QuantRange.Asymmetric(8)).Max, 1e-6);
    }

    [Fact]
    public void Percentile_and_mse_ignore_a_lone_outlier()
    {
        using var values = cat([rand(100_000), tensor(new[] { 30f })]);
        foreach (var method in new[] { CalibrationMethod.Percentile, CalibrationMethod.Mse })
        {
            var observer = new RangeObserver(method);
            observer.Observe(values);

            Assert.InRange(observer.Range(QuantRange.Asymmetric(4)).Max, 0.5, 10);
        }
    }

    [Theory]
    [InlineData(8, CalibrationMethod.MinMax)]
    [InlineData(4, CalibrationMethod.MinMax)]
    [InlineData(3, CalibrationMethod.Percentile)]
    [InlineData(2, CalibrationMethod.Percentile)]
    public void Auto_calibration_keeps_whole_ranges_on_wide_grids_and_clips_on_narrow_ones(int bits, CalibrationMethod expected)
    {
        Assert.Equal(expected, new QuantizationOptions().CalibrationFor(bits));
        Assert.Equal(CalibrationMethod.Mse, new QuantizationOptions { Calibration = CalibrationMethod.Mse }.CalibrationFor(bits));
    }

    [Fact]
    public void Ranges_need_observations()
    {
        Assert.Throws<InvalidOperationException>(() => new RangeObserver(CalibrationMethod.MinMax).Range(QuantRange.Asymmetric(8)));
    }
}
