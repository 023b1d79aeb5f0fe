namespace QuantGrid.Engine.Training;

/// <summary>
/// How a float model is trained beyond its optimiser and schedule: <c>plain</c> (the images as they are, hard
/// labels) or <c>augmented</c> (random shifts of up to <see cref="Augmentation.Padding"/> pixels and left–right
/// mirroring, labels smoothed by <see cref="AugmentedLabelSmoothing"/>).
/// </summary>
public static class TrainingRecipe
{
    public const string Plain = "plain";

    public const string Augmented = "augmented";

    /// <summary>The label smoothing of the augmented recipe.</summary>
    public const double AugmentedLabelSmoothing = 0.1;

    public static IReadOnlyList<string> Names { get; } = [Plain, Augmented];

    /// <summary><paramref name="options"/> with the recipe's augmentation and label smoothing.</summary>
    /// <exception cref="ArgumentException">An unknown recipe.</exception>
    public static TrainingOptions Apply(TrainingOptions options, string recipe) => recipe switch
    {
        Plain => options with { Augment = false, LabelSmoothing = 0 },
        Augmented => options with { Augment = true, LabelSmoothing = AugmentedLabelSmoothing },
        _ => throw new ArgumentException($"unknown training recipe '{recipe}' (expected {string.Join(", ", Names)})"),
    };
}
