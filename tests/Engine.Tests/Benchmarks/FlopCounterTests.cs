using QuantGrid.Engine.Benchmarks;
using QuantGrid.Engine.Models;

namespace QuantGrid.Engine.Tests.Benchmarks;

public sealed class FlopCounterTests
{
    [Fact]
    public void Small_cnn_forward_flops_match_the_hand_count()
    {
        using var model = ModelRegistry.Create("cnn", seed: 0);
        const double conv1 = 2.0 * 16 * 28 * 28 * 1 * 9;
        const double conv2 = 2.0 * 32 * 14 * 14 * 16 * 9;
        const double linear = 2.0 * 1568 * 10;

        Assert.Equal(conv1 + conv2 + linear, FlopCounter.ForwardFlopsPerImage(model, [1, 28, 28]));
    }

    [Fact]
    public void Vgg16_forward_is_about_0_63_gflop_at_32x32()
    {
        using var model = ModelRegistry.Create("vgg16", seed: 0);

        Assert.InRange(FlopCounter.ForwardFlopsPerImage(model, [1, 28, 28]), 0.60e9, 0.66e9);
    }
}
