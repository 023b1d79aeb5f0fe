using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace QuantGrid.Engine.Models;

/// <summary>A fully connected layer followed by an activation.</summary>
public sealed class DenseUnit : Module<Tensor, Tensor>
{
    private readonly Linear linear;

    public DenseUnit(long inFeatures, long outFeatures, Activation activation = Activation.Relu)
        : base(nameof(DenseUnit))
    {
        linear = Linear(inFeatures, outFeatures);
        Activation = activation;
        RegisterComponents();
    }

    public Linear Linear => linear;

    public Activation Activation { get; }

    public override Tensor forward(Tensor input) => Activations.Apply(linear.call(input), Activation);
}
