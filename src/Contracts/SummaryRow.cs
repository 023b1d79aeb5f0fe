namespace QuantGrid.Contracts;

/// <summary>One (model, method, bits) cell of a sweep: mean ± sample standard deviation over seeds (accuracies as fractions).</summary>
[GenerateSerializer, Immutable, Alias("QuantGrid.SummaryRow")]
public sealed record SummaryRow(
    [property: Id(0)] string Model,
    [property: Id(1)] ExperimentMethod Method,
    [property: Id(2)] int Bits,
    [property: Id(3)] int Seeds,
    [property: Id(4)] int Failed,
    [property: Id(5)] double? AccuracyMean,
    [property: Id(6)] double? AccuracyStd,
    [property: Id(7)] double? DropMean,
    [property: Id(8)] long? ModelBytes,
    [property: Id(9)] long? FloatModelBytes,
    [property: Id(10)] double? LatencyMs,
    [property: Id(11)] double DurationSeconds)
{
    public double? SizeRatio => ModelBytes is { } m && FloatModelBytes is > 0 and var f ? (double)m / f : null;
}
