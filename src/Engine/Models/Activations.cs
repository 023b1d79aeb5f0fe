using static TorchSharp.torch;

namespace QuantGrid.Engine.Models;

internal static class Activations
{
    public static Tensor Apply(Tensor x, Activation activation) => activation switch
    {
        Activation.Relu => nn.functional.relu(x),
        Activation.Relu6 => nn.functional.relu6(x),
        _ => x,
    };
}
