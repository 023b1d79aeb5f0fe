using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Models;

/// <summary>
/// Draws a model's initial weights from a generator of its own, so that the same seed gives the same
/// weights whatever else uses torch's global generator at the time (other experiments, other threads).
/// </summary>
public static class WeightInitializer
{
    /// <summary>
    /// Convolutions: He normal (fan-out, ReLU gain), zero bias. Linear layers: uniform ±1/√fan-in for weights
    /// and bias (torch's default). Batch norm: unit scale, zero shift, fresh running statistics.
    /// </summary>
    public static void Initialize(nn.Module model, int seed)
    {
        using var generator = new Generator(unchecked((ulong)seed));
        using var noGrad = no_grad();
        foreach (var module in model.modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    InitializeConvolution(conv, generator);
                    break;
                case Linear linear:
                    InitializeLinear(linear, generator);
                    break;
                case BatchNorm2d norm:
                    norm.reset_parameters();
                    break;
            }
        }
    }

    private static void InitializeConvolution(Conv2d conv, Generator generator)
    {
        var shape = conv.weight!.shape;
        var fanOut = shape[0] * shape[2] * shape[3];
        conv.weight.normal_(0, Math.Sqrt(2.0 / fanOut), generator);
        conv.bias?.zero_();
    }

    private static void InitializeLinear(Linear linear, Generator generator)
    {
        var bound = 1 / Math.Sqrt(linear.weight!.shape[1]);
        linear.weight.uniform_(-bound, bound, generator);
        linear.bias?.uniform_(-bound, bound, generator);
    }
}
