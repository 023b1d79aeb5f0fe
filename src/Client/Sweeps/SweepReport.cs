using System.Globalization;
using System.Text;
using QuantGrid.Contracts;
using QuantGrid.Engine.Storage;

namespace QuantGrid.Client.Sweeps;

/// <summary>Writes a sweep's <c>results.json</c>, <c>results.csv</c> and <c>summary.md</c>, and renders its summary table.</summary>
internal static class SweepReport
{
    public static void Write(string directory, SweepSpec spec, IReadOnlyList<ExperimentResult> results, string command)
    {
        var rows = results.OrderBy(r => r.ExperimentId, StringComparer.Ordinal).Select(ResultRow.From).ToList();
        WriteText(Path.Combine(directory, "results.json"), JsonOutput.Serialize(rows));
        WriteText(Path.Combine(directory, "results.csv"), string.Join('\n', [ResultRow.CsvHeader, .. rows.Select(r => r.ToCsv())]) + "\n");
        WriteText(Path.Combine(directory, "summary.md"), Markdown(spec, results, command));
    }

    public static string Markdown(SweepSpec spec, IReadOnlyList<ExperimentResult> results, string command)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Sweep {spec.Id}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Command: `{command}`");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Settings: {spec.Settings.Canonical}; seeds {string.Join(", ", spec.Seeds)}. Accuracy: top-1 on the test split, mean ± sample std over seeds; drop: float − quantized of the same seed; size: packed file bytes and ratio to the float weights.");
        text.AppendLine();
        text.AppendLine(Table(SweepSummary.Compute(results)));
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
        var text = new StringBuilder();
        text.AppendLine("| model | method | bits | seeds | accuracy % | drop (points) | size (bytes) | size ratio | latency ms | failed |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            var bits = r.Method == ExperimentMethod.Float ? "32" : r.Bits.ToString(CultureInfo.InvariantCulture);
            var accuracy = r.AccuracyMean is { } mean ? $"{mean * 100:F2} ± {r.AccuracyStd * 100:F2}" : "–";
            var drop = r.Method == ExperimentMethod.Float ? "–" : r.DropMean is { } d ? $"{d * 100:F2}" : "–";
            var ratio = r.SizeRatio is { } s ? $"{s * 100:F1} %" : "–";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Model} | {r.Method.ToString().ToLowerInvariant()} | {bits} | {r.Seeds} | {accuracy} | {drop} | {r.ModelBytes:N0} | {ratio} | {r.LatencyMs:F3} | {r.Failed} |");
        }

        return text.ToString().TrimEnd();
    }

    private static void WriteText(string path, string content) => AtomicFile.Write(path, stream => stream.Write(Encoding.UTF8.GetBytes(content)));
}
