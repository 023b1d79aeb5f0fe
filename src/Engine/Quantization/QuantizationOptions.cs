namespace QuantGrid.Engine.Quantization;

/// <summary>How to quantize: widths, calibration, weight rounding improvements and layer policy.</summary>
public sealed record QuantizationOptions
{
    public int WeightBits { get; init; } = 8;

    /// <summary>Activation bits; null means the same as <see cref="WeightBits"/>.</summary>
    public int? ActivationBits { get; init; }

    public CalibrationMethod Calibration { get; init; } = CalibrationMethod.Auto;

    /// <summary>Training batches (of <see cref="CalibrationBatchSize"/>) seen by the observers.</summary>
    public int CalibrationBatches { get; init; } = 8;

    public int CalibrationBatchSize { get; init; } = 256;

    public bool PerChannelWeights { get; init; } = true;

    public EdgeLayerPolicy EdgeLayers { get; init; } = EdgeLayerPolicy.EightBit;

    /// <summary>PTQ: correct each layer's per-channel output shift caused by quantization (sequential, empirical).</summary>
    public bool BiasCorrection { get; init; } = true;

    /// <summary>PTQ: how weights are rounded onto their grid.</summary>
    public WeightRounding Rounding { get; init; } = WeightRounding.Nearest;

    /// <summary>AdaRound: optimisation steps per layer.</summary>
    public int AdaRoundSteps { get; init; } = 500;

    /// <summary>AdaRound: training images whose layer outputs are reconstructed.</summary>
    public int AdaRoundImages { get; init; } = 1024;

    /// <summary>Per-layer widths; when set they replace <see cref="WeightBits"/>, <see cref="ActivationBits"/> and <see cref="EdgeLayers"/>.</summary>
    public BitMap? BitMap { get; init; }

    public int EffectiveActivationBits => ActivationBits ?? WeightBits;

    /// <summary>The observer for activations quantized to <paramref name="bits"/> (resolves <see cref="CalibrationMethod.Auto"/>).</summary>
    public CalibrationMethod CalibrationFor(int bits) =>
        Calibration != CalibrationMethod.Auto ? Calibration : bits >= 4 ? CalibrationMethod.MinMax : CalibrationMethod.Percentile;

    /// <summary>
    /// Whether a layer's weight scales come from MSE-optimal clipping (else max |w|): with MSE calibration, and at
    /// 4 bits and below — per layer under a bit map, and for the whole network (its 8-bit edge layers too) when a
    /// uniform width of 4 or less was asked for.
    /// </summary>
    public bool MseWeightsFor(LayerBits bits) =>
        Calibration == CalibrationMethod.Mse || (BitMap is null ? WeightBits <= 4 : bits.Weights <= 4);

    /// <summary>Throws <see cref="ArgumentException"/> with a one-line reason for an invalid setting.</summary>
    public void Validate()
    {
        if (WeightBits is < QuantRange.MinBits or > QuantRange.MaxBits)
        {
            throw new ArgumentException($"bits must be between {QuantRange.MinBits} and {QuantRange.MaxBits}, got {WeightBits}");
        }

        if (EffectiveActivationBits is < QuantRange.MinBits or > QuantRange.MaxBits)
        {
            throw new ArgumentException($"activation bits must be between {QuantRange.MinBits} and {QuantRange.MaxBits}, got {EffectiveActivationBits}");
        }

        if (CalibrationBatches is < 1 or > 10_000 || CalibrationBatchSize is < 1 or > 65_536)
        {
            throw new ArgumentException($"calibration needs 1..10000 batches of 1..65536 images (got {CalibrationBatches} of {CalibrationBatchSize})");
        }

        if (AdaRoundSteps is < 1 or > 1_000_000 || AdaRoundImages is < 1 or > 1_000_000)
        {
            throw new ArgumentException($"AdaRound needs 1..1000000 steps and images (got {AdaRoundSteps} steps on {AdaRoundImages} images)");
        }
    }

    /// <summary>The bits of weighted layer <paramref name="index"/> of <paramref name="count"/> (<paramref name="depthwise"/>: a depthwise convolution).</summary>
    public LayerBits BitsFor(int index, int count, bool depthwise = false)
    {
        if (BitMap is { } map)
        {
            map.RequireCount(count, "the model");
            return map.Layers[index];
        }

        var edge = EdgeLayers switch
        {
            EdgeLayerPolicy.EightBit => index == 0 || index == count - 1,
            EdgeLayerPolicy.EightBitDepthwise => index == 0 || index == count - 1 || depthwise,
            _ => false,
        };
        return edge ? new LayerBits(Math.Max(8, WeightBits), Math.Max(8, EffectiveActivationBits)) : new LayerBits(WeightBits, EffectiveActivationBits);
    }
}
