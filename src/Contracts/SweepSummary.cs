namespace QuantGrid.Contracts;

/// <summary>Aggregates a sweep's results per (model, method, bits or bit map) over seeds.</summary>
public static class SweepSummary
{
    /// <summary>Rows ordered by model, method (float, PTQ, QAT) and descending bits. Drop = float accuracy − accuracy of the same seed, averaged.</summary>
    public static IReadOnlyList<SummaryRow> Compute(IEnumerable<ExperimentResult> results) =>
    [
        .. results
            .GroupBy(r => (r.Spec.Model, r.Spec.Method, r.Spec.Bits, r.Spec.BitMap))
            .OrderBy(g => g.Key.Model, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Method)
            .ThenBy(g => g.Key.BitMap is not null)
            .ThenByDescending(g => g.Key.Bits)
            .ThenBy(g => g.Key.BitMap, StringComparer.Ordinal)
            .Select(Row),
    ];

    /// <summary>Mean and sample standard deviation (0 for a single value).</summary>
    public static (double Mean, double Std) MeanStd(IReadOnlyCollection<double> values)
    {
        var mean = values.Average();
        var std = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : 0;
        return (mean, std);
    }

    private static SummaryRow Row(IGrouping<(string Model, ExperimentMethod Method, int Bits, string? BitMap), ExperimentResult> group)
    {
        var succeeded = group.Where(r => r.Status == ExperimentStatus.Succeeded).ToList();
        var validation = succeeded.Where(r => r.ValidationAccuracy is not null).ToList();
        var ok = succeeded.Where(r => r.Accuracy is not null).ToList();
        var accuracies = ok.Select(r => r.Accuracy!.Value).ToList();
        var drops = ok.Where(r => r.FloatAccuracy is not null).Select(r => r.FloatAccuracy!.Value - r.Accuracy!.Value).ToList();
        (double Mean, double Std)? accuracy = accuracies.Count > 0 ? MeanStd(accuracies) : null;
        return new SummaryRow(
            group.Key.Model,
            group.Key.Method,
            group.Key.Bits,
            group.Count(),
            group.Count(r => r.Status == ExperimentStatus.Failed),
            accuracy?.Mean,
            accuracy?.Std,
            drops.Count > 0 ? drops.Average() : null,
            ok.Select(r => r.ModelBytes).FirstOrDefault(b => b is not null),
            ok.Select(r => r.FloatModelBytes).FirstOrDefault(b => b is not null),
            ok.Where(r => r.LatencyMs is not null).Select(r => r.LatencyMs!.Value).DefaultIfEmpty().Average(),
            group.Sum(r => r.DurationSeconds),
            Mean(ok, o => o.Accuracy),
            Mean(ok, o => o.Fp32MsBatch1),
            Mean(ok, o => o.Int8MsBatch1),
            Mean(ok, o => o.Fp32MsBatch64),
            Mean(ok, o => o.Int8MsBatch64),
            group.Key.BitMap,
            validation.Count > 0 ? validation.Average(r => r.ValidationAccuracy!.Value) : null,
            validation.Count(r => r.FloatValidationAccuracy is not null) is > 0 and var n ? validation.Where(r => r.FloatValidationAccuracy is not null).Sum(r => r.FloatValidationAccuracy!.Value - r.ValidationAccuracy!.Value) / n : null);
    }

    private static double? Mean(IEnumerable<ExperimentResult> results, Func<OnnxMeasurements, double?> measure)
    {
        var values = results.Select(r => r.Onnx is { } onnx ? measure(onnx) : null).OfType<double>().ToList();
        return values.Count > 0 ? values.Average() : null;
    }
}
