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

    /// <summary>One experiment from its trained baseline: its training-bound and its evaluation-bound seconds.</summary>
    public static double ExperimentSeconds(ExperimentSpec experiment) => ExperimentTrainingSeconds(experiment) + ExperimentEvaluationSeconds(experiment);

    /// <summary>
    /// The part of an experiment that runs at training speed: QAT epochs (1.5× slower than float training, and a
    /// third more with the float teacher's forward pass when distilling) and AdaRound for PTQ that learns its rounding.
    /// </summary>
    public static double ExperimentTrainingSeconds(ExperimentSpec experiment)
    {
        var speed = Speed(experiment.Model);
        return experiment.Method switch
        {
            ExperimentMethod.Qat => experiment.Settings.QatEpochs * Train(experiment.Settings) * QatStepCost(experiment.Settings) / speed,
            ExperimentMethod.Ptq when LearnsRounding(experiment) => AdaRoundImages / speed * AdaptedShare(experiment),
            _ => 0,
        };
    }

    /// <summary>
    /// The part of an experiment that runs at inference speed: a second of set-up and passes over the test set at
    /// 1.5× the training speed, one for the float model and three for a quantized one (float, fake-quantized, packed).
    /// </summary>
    public static double ExperimentEvaluationSeconds(ExperimentSpec experiment)
    {
        var passes = experiment.Method == ExperimentMethod.Float ? 1 : 3;
        return 1 + (passes * (experiment.Settings.TestLimit ?? 10_000) / (Speed(experiment.Model) * 1.5));
    }

    /// <summary>Whether a PTQ experiment learns the rounding of any layer (AdaRound), which costs a training pass.</summary>
    public static bool LearnsRounding(ExperimentSpec experiment) =>
        experiment.Method == ExperimentMethod.Ptq && experiment.Settings.Rounding is "auto" or "adaround" && AdaptedShare(experiment) > 0;

    /// <summary>The whole sweep: one baseline per model and seed, and every experiment.</summary>
    public static TimeSpan Estimate(SweepSpec spec) => Estimate(spec, new Dictionary<string, double>());

    /// <summary>
    /// The whole sweep at the training speeds measured on a machine (<paramref name="measuredSpeeds"/>, images/s
    /// per model) instead of the reference ones: each model's work scales by the ratio of the two speeds.
    /// </summary>
    public static TimeSpan Estimate(SweepSpec spec, IReadOnlyDictionary<string, double> measuredSpeeds)
    {
        double Factor(string model) => measuredSpeeds.TryGetValue(model, out var speed) && speed > 0 ? Speed(model) / speed : 1;
        var experiments = spec.Expand();
        var baselines = experiments.Select(e => e.Baseline).DistinctBy(b => b.Key);
        return TimeSpan.FromSeconds(baselines.Sum(b => BaselineSeconds(b) * Factor(b.Model)) + experiments.Sum(e => ExperimentSeconds(e) * Factor(e.Model)));
    }

    /// <summary>A QAT fine-tuning step in float training steps: 1.5, and a third more with the float teacher's forward pass when distilling.</summary>
    public static double QatStepCost(ExperimentSettings settings) => 1.5 * (settings.Distill ? 4.0 / 3 : 1);

    /// <summary>The training images per second the estimates assume for <paramref name="model"/>.</summary>
    public static double Speed(string model) => TrainImagesPerSecond.GetValueOrDefault(model, 100);

    /// <summary>The share of AdaRound's full cost: every layer it learns under a bit map, else all of it.</summary>
    private static double AdaptedShare(ExperimentSpec experiment) => experiment.BitMap is { } map
        ? BitMapWidths.WeightShare(map, w => w > 0 && (experiment.Settings.Rounding == "adaround" || w <= ExperimentSettings.AutoAdaptiveRoundingMaxBits))
        : 1;

    private static double Train(ExperimentSettings settings) => settings.TrainLimit ?? 60_000;
}
