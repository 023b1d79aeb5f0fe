namespace QuantGrid.Contracts;

/// <summary>
/// Rough seconds of work on one 2-core CPU worker slot, from the training throughputs measured by
/// <c>quantgrid bench train</c> (docs/BENCHMARKS.md): orders the work queue, and scaled by the measured speed
/// of finished work it gives a sweep's ETA; <c>sweep --dry-run</c> prints its total.
/// </summary>
public static class CostModel
{
    private static readonly Dictionary<string, double> TrainImagesPerSecond = new() { ["cnn"] = 11_000, ["mobilenet"] = 340, ["vgg16"] = 186 };

    /// <summary>
    /// AdaRound's work in training images: 500 steps of 64 images through each layer it learns, about one training
    /// pass over 32,000 images whatever the data budget (measured: MobileNet 245 s and VGG16 638 s on 2 cores that
    /// trained them at 140 and 39 images/s, docs/RESULTS.md).
    /// </summary>
    private const double AdaRoundImages = 500 * 64;

    /// <summary>Training the float baseline.</summary>
    public static double BaselineSeconds(BaselineSpec baseline) =>
        baseline.Settings.Epochs * Train(baseline.Settings) / Speed(baseline.Model);

    /// <summary>
    /// One experiment from its trained baseline: a second of set-up, QAT epochs (1.5× slower than float training),
    /// AdaRound for PTQ that learns its rounding, and three passes over the test set (float, fake-quantized, packed)
    /// at 1.5× the training speed.
    /// </summary>
    public static double ExperimentSeconds(ExperimentSpec experiment)
    {
        var speed = Speed(experiment.Model);
        var evaluation = 1 + (3 * (experiment.Settings.TestLimit ?? 10_000) / (speed * 1.5));
        var training = experiment.Method == ExperimentMethod.Qat ? experiment.Settings.QatEpochs * Train(experiment.Settings) / (speed / 1.5) : 0;
        var rounding = experiment.Method == ExperimentMethod.Ptq && experiment.Settings.Rounding is "auto" or "adaround"
            ? AdaRoundImages / speed * AdaptedShare(experiment)
            : 0;
        return training + rounding + evaluation;
    }

    /// <summary>The whole sweep: one baseline per model and seed, and every experiment.</summary>
    public static TimeSpan Estimate(SweepSpec spec)
    {
        var experiments = spec.Expand();
        var baselines = experiments.Select(e => e.Baseline).DistinctBy(b => b.Key);
        return TimeSpan.FromSeconds(baselines.Sum(BaselineSeconds) + experiments.Sum(ExperimentSeconds));
    }

    /// <summary>The training images per second the estimates assume for <paramref name="model"/>.</summary>
    public static double Speed(string model) => TrainImagesPerSecond.GetValueOrDefault(model, 100);

    /// <summary>The share of AdaRound's full cost: every layer it learns under a bit map, else all of it.</summary>
    private static double AdaptedShare(ExperimentSpec experiment) => experiment.BitMap is { } map
        ? BitMapWidths.WeightShare(map, w => w > 0 && (experiment.Settings.Rounding == "adaround" || w <= ExperimentSettings.AutoAdaptiveRoundingMaxBits))
        : 1;

    private static double Train(ExperimentSettings settings) => settings.TrainLimit ?? 60_000;
}
