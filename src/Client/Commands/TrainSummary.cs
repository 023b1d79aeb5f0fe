namespace QuantGrid.Client.Commands;

/// <summary>The result of <c>quantgrid train</c>, as printed (accuracy in percent).</summary>
internal sealed record TrainSummary(
    string Model,
    string Dataset,
    int Seed,
    int Epochs,
    string Recipe,
    double Accuracy,
    double? ValidationAccuracy,
    long Parameters,
    int TrainImages,
    int TestImages,
    double TrainSeconds,
    double ImagesPerSecond,
    double LatencyMs,
    double BatchedMsPerImage,
    string? Checkpoint)
{
    public string ToText() =>
        $"""
        model       {Model} ({Parameters:N0} parameters)
        data        {Dataset}: {TrainImages:N0} train, {TestImages:N0} test images, seed {Seed}
        accuracy    {Accuracy:F2} % top-1 on the test images{(ValidationAccuracy is { } v ? $", {v:F2} % on the validation split" : "")}
        training    {Epochs} epochs ({Recipe} recipe) in {TrainSeconds:F1} s ({ImagesPerSecond:N0} images/s)
        latency     {LatencyMs:F3} ms per image at batch 1, {BatchedMsPerImage:F4} ms per image batched
        checkpoint  {Checkpoint ?? "(not saved)"}
        """;
}
