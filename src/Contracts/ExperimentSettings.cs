namespace QuantGrid.Contracts;

/// <summary>Settings shared by every experiment of a sweep; part of each experiment's identity.</summary>
/// <param name="Dataset">fashion-mnist or mnist.</param>
/// <param name="Epochs">Float training epochs.</param>
/// <param name="QatEpochs">QAT fine-tuning epochs.</param>
/// <param name="TrainLimit">Stratified training subset size; null for all.</param>
/// <param name="TestLimit">Stratified test subset size; null for all.</param>
/// <param name="BatchSize">Training batch size.</param>
/// <param name="Calibration">Activation calibration: auto, minmax, movingaverage, percentile or mse.</param>
/// <param name="EdgeLayers">eightbit (first and last weighted layers at 8 bits), eightbitdepthwise (and every depthwise layer) or uniform.</param>
/// <param name="ActivationBits">Activation bits; null: the same as the weight bits.</param>
/// <param name="Rounding">PTQ weight rounding: auto (AdaRound for layers of at most 3 weight bits, nearest for wider ones), nearest or adaround.</param>
/// <param name="Export">none, or onnx: every experiment's model is exported to ONNX and measured with ONNX Runtime.</param>
/// <param name="Validation">Training images held out as a fixed, stratified validation split (0: none); accuracies are then also measured on it.</param>
/// <param name="EvaluateTest">False measures the validation split only (choices made by a search never look at the test set).</param>
/// <param name="Distill">QAT learns from the float model's predicted probabilities (knowledge distillation) instead of the labels.</param>
/// <param name="Recipe">How float models are trained: plain, or augmented (random shifts and mirroring, label smoothing 0.1).</param>
[GenerateSerializer, Immutable, Alias("QuantGrid.ExperimentSettings")]
public sealed record ExperimentSettings(
    [property: Id(0)] string Dataset = "fashion-mnist",
    [property: Id(1)] int Epochs = 5,
    [property: Id(2)] int QatEpochs = 2,
    [property: Id(3)] int? TrainLimit = null,
    [property: Id(4)] int? TestLimit = null,
    [property: Id(5)] int BatchSize = 128,
    [property: Id(6)] string Calibration = "auto",
    [property: Id(7)] string EdgeLayers = "eightbit",
    [property: Id(8)] int? ActivationBits = null,
    [property: Id(9)] string Rounding = "auto",
    [property: Id(10)] string Export = "none",
    [property: Id(11)] int Validation = 0,
    [property: Id(12)] bool EvaluateTest = true,
    [property: Id(13)] string Recipe = ExperimentSettings.PlainRecipe,
    [property: Id(14)] bool Distill = false)
{
    /// <summary>
    /// Every field at its default. Both state serializers (Orleans' binary one in the embedded silo, JSON in a
    /// cluster) start from this instance, so a field that state written by an earlier version lacks keeps what it
    /// meant before it existed (plain recipe, test set evaluated, no export) instead of reading as null or false.
    /// </summary>
    public ExperimentSettings()
        : this(Dataset: "fashion-mnist")
    {
    }

    /// <summary>The training recipe whose ids predate recipes: images as they are, hard labels.</summary>
    public const string PlainRecipe = "plain";

    /// <summary>The edge-layer policy that also keeps depthwise layers at 8 bits; resolved to <see cref="EightBitEdges"/> wherever it changes nothing.</summary>
    public const string DepthwiseEdges = "eightbitdepthwise";

    /// <summary>First and last weighted layers at 8 bits.</summary>
    public const string EightBitEdges = "eightbit";

    /// <summary>The models with depthwise layers (the engine's registry agrees; a test holds them equal).</summary>
    public static IReadOnlyList<string> ModelsWithDepthwiseLayers { get; } = ["mobilenet"];

    /// <summary>Weight widths up to which <c>auto</c> rounding learns the rounding (AdaRound).</summary>
    public const int AutoAdaptiveRoundingMaxBits = 3;

    /// <summary>A canonical text of every field, for content-derived ids (fields added later appear only when not at their default, so earlier ids stay valid).</summary>
    public string Canonical =>
        $"dataset={Dataset};epochs={Epochs};qat-epochs={QatEpochs};train-limit={TrainLimit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "all"};test-limit={TestLimit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "all"};batch={BatchSize};calibration={Calibration};edges={EdgeLayers};act-bits={ActivationBits?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "same"}{(Rounding == "nearest" ? "" : $";rounding={Rounding}")}{(Export == "none" ? "" : $";export={Export}")}{(Validation == 0 ? "" : $";validation={Validation.ToString(System.Globalization.CultureInfo.InvariantCulture)}")}{(EvaluateTest ? "" : ";test=skip")}{RecipeSuffix}{(Distill ? ";distill=float" : "")}";

    /// <summary>The recipe in content-derived ids and keys: nothing for the plain recipe, so earlier ids stay valid.</summary>
    public string RecipeSuffix => Recipe == PlainRecipe ? "" : $";recipe={Recipe}";

    /// <summary>
    /// <see cref="For(ExperimentMethod, int)"/> for a uniform-width experiment of <paramref name="model"/> at
    /// <paramref name="bits"/>; the depthwise edge policy becomes <see cref="EightBitEdges"/> where it keeps nothing
    /// more at 8 bits (a model without depthwise layers, 8 bits and wider, float), so those experiments keep their ids.
    /// </summary>
    public ExperimentSettings For(string model, ExperimentMethod method, int bits)
    {
        var settings = EdgeLayers == DepthwiseEdges && !KeepsDepthwise(model, method, Narrowest(bits)) ? this with { EdgeLayers = EightBitEdges } : this;
        settings = settings.Calibration == "auto" && MseCalibrates(model, method, Narrowest(bits)) ? settings with { Calibration = "mse" } : settings;
        return settings.For(method, bits);
    }

    /// <summary>The narrower of <paramref name="weightBits"/> and these settings' activation bits (the same as the weights unless set).</summary>
    public int Narrowest(int weightBits) => Math.Min(weightBits, ActivationBits ?? weightBits);

    /// <summary>
    /// Whether <c>auto</c> calibration means MSE-optimal clipping for a uniform-width experiment: PTQ whose
    /// activations or weights are narrower than 4 bits, of a model for which the validation split chose it
    /// (docs/RESULTS.md "Calibration": the CNN gains 3.9 points at 2 bits; MobileNet and VGG16 collapse to
    /// chance with it, so they keep percentile clipping). Elsewhere <c>auto</c> keeps its meaning (min-max at
    /// ≥ 4 bits, percentile below) and its ids.
    /// </summary>
    public static bool MseCalibrates(string model, ExperimentMethod method, int narrowestBits) =>
        method == ExperimentMethod.Ptq && narrowestBits < 4 && ModelsClippedByMse.Contains(model);

    /// <summary>The models whose low-bit PTQ activations <c>auto</c> clips by MSE (chosen on validation, per model).</summary>
    public static IReadOnlyList<string> ModelsClippedByMse { get; } = ["cnn"];

    /// <summary>Whether the depthwise edge policy keeps layers at 8 bits that <see cref="EightBitEdges"/> would not (<paramref name="bits"/>: the narrower of weights and activations).</summary>
    public static bool KeepsDepthwise(string model, ExperimentMethod method, int bits) =>
        method != ExperimentMethod.Float && bits < 8 && ModelsWithDepthwiseLayers.Contains(model);

    /// <summary>
    /// These settings as an experiment of <paramref name="method"/> whose narrowest quantized layer has
    /// <paramref name="narrowestWeightBits"/> weight bits uses them: <c>auto</c> rounding becomes <c>nearest</c> where it
    /// would round nothing adaptively (anything but PTQ with a layer of at most 3 weight bits), so such experiments
    /// keep the ids they had when nearest rounding was the default; distillation, which only QAT uses, is dropped
    /// from the other methods' settings so that they share their results with sweeps without it.
    /// </summary>
    public ExperimentSettings For(ExperimentMethod method, int narrowestWeightBits)
    {
        var settings = Distill && method != ExperimentMethod.Qat ? this with { Distill = false } : this;
        return settings.Rounding == "auto" && !(method == ExperimentMethod.Ptq && narrowestWeightBits is > 0 and <= AutoAdaptiveRoundingMaxBits)
            ? settings with { Rounding = "nearest" }
            : settings;
    }
}
