namespace QuantGrid.Engine.Quantization;

/// <summary>How PTQ rounds weights onto their integer grid.</summary>
public enum WeightRounding
{
    /// <summary>Round to the nearest level (the default).</summary>
    Nearest,

    /// <summary>AdaRound (Nagel et al. 2020): per weight, up or down as learned to reconstruct each layer's output.</summary>
    Adaptive,
}
