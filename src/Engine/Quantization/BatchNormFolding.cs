using QuantGrid.Engine.Models;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Quantization;

/// <summary>Folds a convolution's batch norm (running statistics) into its weights and bias.</summary>
public static class BatchNormFolding
{
    /// <summary>w' = w · γ/√(σ²+ε) per output channel; b' = β + (b − μ) · γ/√(σ²+ε).</summary>
    public static (Tensor Weight, Tensor Bias) Fold(ConvUnit unit)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var weight = unit.Conv.weight!.detach();
        var bias = unit.Conv.bias?.detach() ?? zeros(weight.shape[0]);
        if (unit.Norm is not { } norm)
        {
            return (weight.clone().MoveToOuterDisposeScope(), bias.clone().MoveToOuterDisposeScope());
        }

        var factor = norm.weight!.detach() / (norm.running_var!.detach() + norm.eps).sqrt();
        var folded = weight * factor.reshape(-1, 1, 1, 1);
        var foldedBias = norm.bias!.detach() + ((bias - norm.running_mean!.detach()) * factor);
        return (folded.MoveToOuterDisposeScope(), foldedBias.MoveToOuterDisposeScope());
    }
}
