using QuantGrid.Engine.Quantization;
using QuantGrid.Engine.Runtime;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Tests.Quantization;

public sealed class FakeQuantizeTests
{
    public FakeQuantizeTests() => TorchRuntime.EnsureInitialized();

    [Theory]
    [InlineData(2, -1, 1)]
    [InlineData(4, -7, 7)]
    [InlineData(8, -127, 127)]
    public void Symmetric_grids_are_narrow_and_centred(int bits, int min, int max)
    {
        Assert.Equal(new QuantRange(bits, min, max), QuantRange.Symmetric(bits));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(0)]
    public void Widths_outside_two_to_eight_are_rejected(int bits)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => QuantRange.Asymmetric(bits));
    }

    [Fact]
    public void Values_snap_to_the_grid_and_clamp_at_its_ends()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 0.26f, -0.74f, 1.1f, 100f, -100f, 0f });

        var y = FakeQuantize.Apply(x, tensor(0.5f), tensor(0f), QuantRange.Symmetric(4), 1.0);

        Assert.Equal(new[] { 0.5f, -0.5f, 1f, 3.5f, -3.5f, 0f }, y.data<float>().ToArray());
    }

    [Fact]
    public void Asymmetric_zero_point_shifts_the_grid_so_zero_stays_exact()
    {
        var (scale, zero) = RangeSearch.AffineParameters(-1.0, 3.0, QuantRange.Asymmetric(4));
        using var scope = NewDisposeScope();

        var y = FakeQuantize.Apply(tensor(new[] { 0f, -1f, 3f, 5f }), tensor((float)scale), tensor((float)zero), QuantRange.Asymmetric(4), 1.0);

        Assert.Equal(4.0 / 15, scale, 1e-9);
        Assert.Equal(4.0, zero);
        Assert.Equal(0f, y[0].item<float>());
        Assert.InRange(y[1].item<float>(), -1 - (scale / 2), -1 + (scale / 2));
        Assert.InRange(y[2].item<float>(), 3 - (scale / 2), 3 + (scale / 2));
        Assert.Equal(y[2].item<float>(), y[3].item<float>());
    }

    [Fact]
    public void Straight_through_gradient_is_one_inside_the_range_and_zero_outside()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 0.3f, -1.2f, 5f, -9f }, requires_grad: true);
        var s = tensor(new[] { 0.5f }, requires_grad: true);

        FakeQuantize.Apply(x, s, tensor(0f), QuantRange.Symmetric(4), 1.0).sum().backward();

        Assert.Equal(new[] { 1f, 1f, 0f, 0f }, x.grad!.data<float>().ToArray());
    }

    [Fact]
    public void Lsq_step_size_gradient_has_the_scale_shape_is_finite_and_scaled()
    {
        using var scope = NewDisposeScope();
        var x = randn(4, 3, 3, 3);
        var g = 0.01;

        var unscaled = StepGradient(x, 1.0);
        var scaled = StepGradient(x, g);

        Assert.Equal(new long[] { 4, 1, 1, 1 }, scaled.shape);
        Assert.True(scaled.isfinite().all().item<bool>());
        Assert.True(unscaled.abs().sum().item<float>() > 0);
        Assert.True((scaled - (unscaled * g)).abs().max().item<float>() < 1e-6);
    }

    [Fact]
    public void Per_channel_scales_follow_each_channel_and_beat_one_scale_for_all()
    {
        using var scope = NewDisposeScope();
        var weight = cat([randn(1, 8) * 0.01, randn(1, 8) * 10], 0);
        var range = QuantRange.Symmetric(4);

        var perChannel = RangeSearch.WeightScales(weight, range, mse: false, perChannel: true);
        var perTensor = RangeSearch.WeightScales(weight, range, mse: false, perChannel: false);

        Assert.Equal(new long[] { 2, 1 }, perChannel.shape);
        Assert.True(perChannel[0, 0].item<float>() < perChannel[1, 0].item<float>() / 100);
        Assert.True(Error(weight, perChannel, range) < Error(weight, perTensor, range));
    }

    [Fact]
    public void Mse_clipping_never_loses_to_max_abs_on_heavy_tailed_weights()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(3);
        var weight = randn(16, 64).pow(3);
        var range = QuantRange.Symmetric(2);

        var maxAbs = RangeSearch.WeightScales(weight, range, mse: false, perChannel: true);
        var mse = RangeSearch.WeightScales(weight, range, mse: true, perChannel: true);

        Assert.True((mse <= maxAbs + 1e-7).all().item<bool>());
        Assert.True(Error(weight, mse, range) < Error(weight, maxAbs, range) * 0.9);
    }

    private static Tensor StepGradient(Tensor x, double g)
    {
        var s = full(new long[] { 4, 1, 1, 1 }, 0.3f).requires_grad_(true);
        (FakeQuantize.Apply(x, s, tensor(0f), QuantRange.Symmetric(4), g) * x).sum().backward();
        return s.grad!.clone();
    }

    private static float Error(Tensor weight, Tensor scale, QuantRange range) =>
        (weight - FakeQuantize.Integers(weight, scale, tensor(0f), range) * scale).pow(2).sum().item<float>();
}
