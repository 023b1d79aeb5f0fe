using QuantGrid.Contracts;

namespace QuantGrid.Client.Search;

/// <summary>A verified bit map under one method: means over seeds (accuracies and drops as fractions, sizes of the packed files).</summary>
internal sealed record Measured(
    string BitMap,
    ExperimentMethod Method,
    int Seeds,
    int Failed,
    long? ModelBytes,
    long? FloatModelBytes,
    double? ValidationDrop,
    double? Accuracy,
    double? Drop)
{
    public double? FloatAccuracy => Accuracy is { } a && Drop is { } d ? a + d : null;

    public bool Succeeded => Failed == 0 && ModelBytes is not null && ValidationDrop is not null;

    public static IReadOnlyList<Measured> From(IEnumerable<ExperimentResult> results) =>
    [
        .. SweepSummary.Compute(results)
            .Where(r => r.BitMap is not null)
            .Select(r => new Measured(r.BitMap!, r.Method, r.Seeds, r.Failed, r.ModelBytes, r.FloatModelBytes, r.ValidationDropMean, r.AccuracyMean, r.DropMean)),
    ];
}
