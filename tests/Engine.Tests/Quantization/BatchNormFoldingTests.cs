using QuantGrid.Engine.Models;
using QuantGrid.Engine.Quantization;
using QuantGrid.Engine.Runtime;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Tests.Quantization;

public sealed class BatchNormFoldingTests
{
    [Fact]
    public void Folded_convolution_equals_convolution_then_batch_norm()
    {
        TorchRuntime.EnsureInitialized();
        using var unit = new ConvUnit(3, 8, 3, stride: 2, padding: 1, batchNorm: true, activation: Activation.None);
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            unit.Norm!.running_mean!.copy_(randn(8));
            unit.Norm.running_var!.copy_(rand(8) + 0.5);
            unit.Norm.weight!.copy_(randn(8));
            unit.Norm.bias!.copy_(randn(8));
        }

        unit.eval();
        var x = randn(2, 3, 9, 9);

        var (weight, bias) = BatchNormFolding.Fold(unit);
        var folded = nn.functional.conv2d(x, weight, bias, strides: [2, 2], padding: [1, 1]);

        Assert.True((folded - unit.call(x)).abs().max().item<float>() < 1e-4);
    }
}
