namespace QuantGrid.Engine.Quantization;

/// <summary>Which weighted layers stay at 8 bits when the others are quantized narrower.</summary>
public enum EdgeLayerPolicy
{
    /// <summary>Keep the first and last weighted layers at 8 bits (weights and inputs) below 8 bits: common practice and the default.</summary>
    EightBit,

    /// <summary>Every layer at the requested widths.</summary>
    Uniform,

    /// <summary>
    /// The first, the last and every depthwise layer at 8 bits (weights and inputs) below 8 bits: a depthwise
    /// 3×3 filter has nine weights per channel, too few to survive 2 bits, and all of MobileNet's depthwise layers
    /// hold about 1 % of its weights. Models without depthwise layers get exactly <see cref="EightBit"/>.
    /// </summary>
    EightBitDepthwise,
}

/// <summary>Resolving a policy for one quantization.</summary>
public static class EdgeLayerPolicies
{
    /// <summary>
    /// <see cref="EdgeLayerPolicy.EightBitDepthwise"/> becomes <see cref="EdgeLayerPolicy.EightBit"/> where it keeps nothing
    /// more at 8 bits: a model without depthwise layers, weights and activations of 8 bits, or the float model.
    /// </summary>
    public static EdgeLayerPolicy For(string model, Experiments.QuantMethod method, int weightBits, int activationBits, EdgeLayerPolicy policy) =>
        policy == EdgeLayerPolicy.EightBitDepthwise
        && (method == Experiments.QuantMethod.Float || Math.Min(weightBits, activationBits) >= 8 || !Models.ModelRegistry.Get(model).HasDepthwiseLayers)
            ? EdgeLayerPolicy.EightBit
            : policy;
}
