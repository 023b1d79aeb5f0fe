namespace QuantGrid.Engine.Training;

/// <summary>
/// The signal-to-quantization-noise ratio of a network's outputs against a reference network's (the float model's
/// logits on the same images): 10·log10(Σ reference² / Σ (output − reference)²), in decibels. Unlike an accuracy
/// drop it does not saturate at a few images, so it still ranks layers whose drops are within the split's noise.
/// </summary>
public static class OutputSqnr
{
    /// <summary>The value reported for identical outputs (and its negative for a zero reference), so results stay finite.</summary>
    public const double LimitDecibels = 200;

    public static double Decibels(ReadOnlySpan<float> reference, ReadOnlySpan<float> output)
    {
        if (reference.Length != output.Length)
        {
            throw new ArgumentException($"the outputs have {output.Length} values but the reference has {reference.Length}");
        }

        double signal = 0, noise = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            signal += (double)reference[i] * reference[i];
            var error = (double)output[i] - reference[i];
            noise += error * error;
        }

        if (noise == 0)
        {
            return LimitDecibels;
        }

        return signal == 0 ? -LimitDecibels : Math.Clamp(10 * Math.Log10(signal / noise), -LimitDecibels, LimitDecibels);
    }
}
