using QuantGrid.Engine.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Quantization;

/// <summary>
/// A weighted layer (convolution or linear) with batch norm already folded in, a quantizer on its input
/// and one on its weights, then its activation. Activation quantizers sit at the input of every weighted
/// layer: the model input and each earlier layer's output after its ReLU and any pooling.
/// </summary>
public sealed class QuantLayer : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly ActivationQuantizer input;
    private readonly WeightQuantizer weights;

    public QuantLayer(QuantLayerShape shape, Tensor foldedWeight, Tensor foldedBias, LayerBits bits, bool perChannel)
        : base(nameof(QuantLayer))
    {
        Shape = shape;
        Bits = bits;
        weight = nn.Parameter(foldedWeight.detach().clone());
        bias = nn.Parameter(foldedBias.detach().clone());
        input = new ActivationQuantizer(bits.IsFloat ? QuantRange.MaxBits : bits.Activations);
        weights = new WeightQuantizer(bits.IsFloat ? QuantRange.MaxBits : bits.Weights, foldedWeight.shape, perChannel);
        QuantizeWeights = !bits.IsFloat;
        RegisterComponents();
    }

    public QuantLayerShape Shape { get; }

    public LayerBits Bits { get; }

    public Parameter Weight => weight;

    public Parameter Bias => bias;

    public ActivationQuantizer Input => input;

    public WeightQuantizer Weights => weights;

    /// <summary>False leaves the weights unquantized (with the input quantizer off, the layer runs in float).</summary>
    public bool QuantizeWeights { get; set; }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return Activations.Apply(PreActivation(x), Shape.Activation).MoveToOuterDisposeScope();
    }

    /// <summary>The layer's output before its activation.</summary>
    public Tensor PreActivation(Tensor x)
    {
        using var scope = NewDisposeScope();
        var w = QuantizeWeights ? weights.Quantize(weight) : weight;
        return Apply(input.call(x), w).MoveToOuterDisposeScope();
    }

    /// <summary>The float layer's output before its activation (input and weights unquantized), without gradients.</summary>
    public Tensor FloatPreActivation(Tensor x)
    {
        using var noGrad = no_grad();
        var (quantizeWeights, quantizeInput) = (QuantizeWeights, input.Enabled);
        (QuantizeWeights, input.Enabled) = (false, false);
        try
        {
            return PreActivation(x);
        }
        finally
        {
            (QuantizeWeights, input.Enabled) = (quantizeWeights, quantizeInput);
        }
    }

    /// <summary>The convolution or linear map with the given weights and this layer's bias, on an already quantized input.</summary>
    public Tensor Apply(Tensor quantizedInput, Tensor weights) => Shape.IsConvolution
        ? nn.functional.conv2d(quantizedInput, weights, bias, strides: [Shape.Stride, Shape.Stride], padding: [Shape.Padding, Shape.Padding], groups: Shape.Groups)
        : nn.functional.linear(quantizedInput, weights, bias);
}
