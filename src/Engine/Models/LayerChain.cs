using static TorchSharp.torch;

namespace QuantGrid.Engine.Models;

internal static class LayerChain
{
    public static Tensor Run(IReadOnlyList<nn.Module<Tensor, Tensor>> layers, Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input;
        foreach (var layer in layers)
        {
            x = layer.call(x);
        }

        return x.MoveToOuterDisposeScope();
    }
}
