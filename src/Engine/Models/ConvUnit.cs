using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace QuantGrid.Engine.Models;

/// <summary>Convolution, optional batch norm, then an activation: the unit that quantization works on.</summary>
public sealed class ConvUnit : Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly BatchNorm2d? norm;

    public ConvUnit(long inChannels, long outChannels, long kernel, long stride = 1, long padding = 0, long groups = 1, bool batchNorm = false, Activation activation = Activation.Relu)
        : base(nameof(ConvUnit))
    {
        conv = Conv2d(inChannels, outChannels, kernel, stride: stride, padding: padding, groups: groups, bias: !batchNorm);
        norm = batchNorm ? BatchNorm2d(outChannels) : null;
        Activation = activation;
        Groups = groups;
        Stride = stride;
        Padding = padding;
        RegisterComponents();
    }

    public Conv2d Conv => conv;

    public BatchNorm2d? Norm => norm;

    public Activation Activation { get; }

    public long Groups { get; }

    public long Stride { get; }

    public long Padding { get; }

    public override Tensor forward(Tensor input)
    {
        var x = conv.call(input);
        if (norm is not null)
        {
            x = norm.call(x);
        }

        return Activations.Apply(x, Activation);
    }
}
