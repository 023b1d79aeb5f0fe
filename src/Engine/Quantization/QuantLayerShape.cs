using QuantGrid.Engine.Models;

namespace QuantGrid.Engine.Quantization;

/// <summary>The geometry of a weighted layer. Linear layers have kernel 0.</summary>
public sealed record QuantLayerShape(long InChannels, long OutChannels, long Kernel, long Stride, long Padding, long Groups, Activation Activation)
{
    public bool IsConvolution => Kernel > 0;

    public static QuantLayerShape Linear(long inFeatures, long outFeatures, Activation activation) => new(inFeatures, outFeatures, 0, 1, 0, 1, activation);

    public long[] WeightShape => IsConvolution ? [OutChannels, InChannels / Groups, Kernel, Kernel] : [OutChannels, InChannels];
}
