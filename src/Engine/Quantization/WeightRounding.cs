namespace QuantGrid.Engine.Quantization;

/// <summary>How PTQ rounds weights onto their integer grid.</summary>
public enum WeightRounding
{
    /// <summary>Round to the nearest level.</summary>
    Nearest,

    /// <summary>AdaRound (Nagel et al. 2020): per weight, up or down as learned to reconstruct each layer's output.</summary>
    Adaptive,

    /// <summary>AdaRound for layers of at most <see cref="RoundingOption.AutoAdaptiveMaxBits"/> weight bits, nearest rounding for wider ones (the CLI's default).</summary>
    Auto,
}
