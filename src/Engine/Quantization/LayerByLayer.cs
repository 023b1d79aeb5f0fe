using QuantGrid.Engine.Models;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Quantization;

/// <summary>
/// Walks a quantized network layer by layer with two streams of the same images: the float path (every
/// layer unquantized) and the quantized path (every layer as already adjusted). Each weighted layer is
/// handed its quantized-path input and the float layer's pre-activation output on the float path, so it
/// can be adjusted (bias correction, AdaRound) before the quantized path moves through it.
/// </summary>
internal static class LayerByLayer
{
    /// <param name="images">The inputs of the first layer; disposed by the walk.</param>
    /// <param name="adjust">Called per weighted layer with (layer, quantized-path input, float pre-activation target), outside <c>no_grad</c>.</param>
    public static void Adjust(QuantizedNetwork network, Tensor images, Action<QuantLayer, Tensor, Tensor> adjust, CancellationToken cancellationToken = default)
    {
        network.eval();
        var floatInput = images;
        var quantInput = images.alias();
        try
        {
            foreach (var layer in network.Layers)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Tensor nextFloat, nextQuant;
                using (NewDisposeScope())
                {
                    if (layer is QuantLayer q)
                    {
                        var target = q.FloatPreActivation(floatInput);
                        adjust(q, quantInput, target);
                        using var noGrad = no_grad();
                        nextFloat = Activations.Apply(target, q.Shape.Activation).MoveToOuterDisposeScope();
                        nextQuant = q.call(quantInput).MoveToOuterDisposeScope();
                    }
                    else
                    {
                        using var noGrad = no_grad();
                        nextFloat = layer.call(floatInput).MoveToOuterDisposeScope();
                        nextQuant = layer.call(quantInput).MoveToOuterDisposeScope();
                    }
                }

                floatInput.Dispose();
                quantInput.Dispose();
                (floatInput, quantInput) = (nextFloat, nextQuant);
            }
        }
        finally
        {
            floatInput.Dispose();
            quantInput.Dispose();
        }
    }
}
