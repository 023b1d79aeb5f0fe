using System.Globalization;
using System.Text;
using QuantGrid.Client.Plots;
using QuantGrid.Contracts;
using QuantGrid.Engine.Storage;

namespace QuantGrid.Client.Sweeps;

/// <summary>Writes a sweep's <c>results.json</c>, <c>results.csv</c> and <c>summary.md</c>, and renders its summary table.</summary>
internal static class SweepReport
{
    /// <summary>Top-1 of a constant prediction on the balanced 10-class test sets: a collapsed model.</summary>
    private const double ChanceAccuracy = 0.1;

    public static void Write(string directory, SweepSpec spec, IReadOnlyList<ExperimentResult> results, string command)
    {
        var rows = results.OrderBy(r => r.ExperimentId, StringComparer.Ordinal).Select(ResultRow.From).ToList();
        WriteText(Path.Combine(directory, "results.json"), JsonOutput.Serialize(rows));
        WriteText(Path.Combine(directory, "results.csv"), string.Join('\n', [ResultRow.CsvHeader, .. rows.Select(r => r.ToCsv())]) + "\n");
        var figures = SweepPlots.Write(directory, SweepSummary.Compute(results));
        WriteText(Path.Combine(directory, "summary.md"), Markdown(spec, results, command, figures));
    }

    public static string Markdown(SweepSpec spec, IReadOnlyList<ExperimentResult> results, string command, IReadOnlyList<string>? figures = null)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Sweep {spec.Id}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Command: `{command}`");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Settings: {spec.Settings.Canonical}; seeds {string.Join(", ", spec.Seeds)}. Accuracy: top-1 on the test split, mean ± sample std over seeds; drop: float − quantized of the same seed; size: packed file bytes and ratio to the float weights.");
        text.AppendLine();
        text.AppendLine(Table(SweepSummary.Compute(results)));
        foreach (var figure in figures ?? [])
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"![{Path.GetFileNameWithoutExtension(figure)}]({figure})");
        }

        var failed = results.Where(r => r.Status == ExperimentStatus.Failed).ToList();
        if (failed.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Failed experiments:");
            text.AppendLine();
            foreach (var f in failed)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- `{f.ExperimentId}`: {f.Error}");
            }
        }

        return text.ToString();
    }

    public static string Table(IReadOnlyList<SummaryRow> rows)
    {
        var onnx = rows.Any(r => r.OrtFp32MsBatch64 is not null);
        var validation = rows.Any(r => r.ValidationAccuracyMean is not null);
        var text = new StringBuilder();
        text.Append("| model | method | bits | seeds | accuracy % | drop (points) | size (bytes) | size ratio | latency ms |");
        text.Append(validation ? " validation % | validation drop |" : "");
        text.AppendLine(onnx ? " ONNX accuracy % | ORT int8 ms (b1 / b64) | ORT fp32 ms (b1 / b64) | int8 speed-up (b1 / b64) | failed |" : " failed |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|" + (validation ? "---|---|" : "") + (onnx ? "---|---|---|---|---|" : "---|"));
        foreach (var r in rows)
        {
            var bits = r.Method == ExperimentMethod.Float ? "32" : r.BitMap ?? r.Bits.ToString(CultureInfo.InvariantCulture);
            var drop = r.Method == ExperimentMethod.Float ? "–" : r.DropMean is { } d ? $"{d * 100:F2}" : "–";
            var ratio = r.SizeRatio is { } s ? $"{s * 100:F1} %" : "–";
            text.Append(CultureInfo.InvariantCulture, $"| {r.Model} | {r.Method.ToString().ToLowerInvariant()} | {bits} | {r.Seeds} | {Accuracy(r)} | {drop} | {r.ModelBytes:N0} | {ratio} | {r.LatencyMs:F3} |");
            if (validation)
            {
                var held = r.ValidationAccuracyMean is { } v ? $"{v * 100:F2}" : "–";
                var heldDrop = r.Method != ExperimentMethod.Float && r.ValidationDropMean is { } vd ? $"{vd * 100:F2}" : "–";
                text.Append(CultureInfo.InvariantCulture, $" {held} | {heldDrop} |");
            }

            if (onnx)
            {
                var onnxAccuracy = r.OnnxAccuracyMean is { } a ? $"{a * 100:F2}" : "–";
                text.Append(CultureInfo.InvariantCulture, $" {onnxAccuracy} | {Pair(r.OrtInt8MsBatch1, r.OrtInt8MsBatch64, "F3")} | {Pair(r.OrtFp32MsBatch1, r.OrtFp32MsBatch64, "F3")} | {Pair(r.SpeedupBatch1, r.SpeedupBatch64, "F2")} |");
            }

            text.AppendLine(CultureInfo.InvariantCulture, $" {r.Failed} |");
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>Mean ± std over seeds (the mean alone for one seed); a mean at chance level is flagged as collapsed.</summary>
    private static string Accuracy(SummaryRow r)
    {
        if (r.AccuracyMean is not { } mean)
        {
            return "–";
        }

        var text = r.Seeds - r.Failed > 1 ? $"{mean * 100:F2} ± {r.AccuracyStd * 100:F2}" : $"{mean * 100:F2}";
        return Math.Abs(mean - ChanceAccuracy) < 0.00005 ? text + " (collapsed: chance)" : text;
    }

    private static string Pair(double? batch1, double? batch64, string format) =>
        batch1 is null && batch64 is null ? "–" : $"{batch1?.ToString(format, CultureInfo.InvariantCulture) ?? "–"} / {batch64?.ToString(format, CultureInfo.InvariantCulture) ?? "–"}";

    private static void WriteText(string path, string content) => AtomicFile.Write(path, stream => stream.Write(Encoding.UTF8.GetBytes(content)));
}
