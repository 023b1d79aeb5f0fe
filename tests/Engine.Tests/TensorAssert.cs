using static TorchSharp.torch;

namespace QuantGrid.Engine.Tests;

internal static class TensorAssert
{
    public static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    public static void Equal(Tensor expected, Tensor actual) => Assert.True(Same(expected, actual), "tensors differ");
}
