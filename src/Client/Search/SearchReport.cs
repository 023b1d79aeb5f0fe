using System.Globalization;
using System.Text;
using QuantGrid.Client.Plots;
using QuantGrid.Engine.Quantization;
using QuantGrid.Engine.Storage;

namespace QuantGrid.Client.Search;

/// <summary>Writes a search's <c>frontier.json</c>, <c>frontier.csv</c>, <c>sensitivity.csv</c>, <c>summary.md</c> and figure, and builds its JSON answer.</summary>
internal static class SearchReport
{
    public static void Write(string directory, SearchResult result, string command)
    {
        Directory.CreateDirectory(directory);
        var figure = FrontierPlot.Write(directory, result);
        WriteText(Path.Combine(directory, "frontier.json"), JsonOutput.Serialize(Document(result, null)));
        WriteText(Path.Combine(directory, "frontier.csv"), Csv(result));
        WriteText(Path.Combine(directory, "sensitivity.csv"), SensitivityCsv(result));
        WriteText(Path.Combine(directory, "summary.md"), Markdown(result, command, figure));
    }

    /// <summary>The search's answer and frontier (accuracies in percent, drops in points).</summary>
    public static object Document(SearchResult result, string? output) => new
    {
        searchId = result.Spec.Id,
        model = result.Layout.Model,
        goal = result.Spec.Goal.ToString(),
        goalMet = result.GoalMet,
        method = result.Choice?.Method.ToString().ToLowerInvariant(),
        bitMap = result.Choice?.BitMap,
        averageBits = result.Choice is { } c ? Math.Round(AverageBits(result, c.BitMap), 3) : (double?)null,
        accuracy = Figures.Percent(result.Choice?.Accuracy),
        floatAccuracy = Figures.Percent(result.Choice?.FloatAccuracy),
        drop = Figures.Percent(result.Choice?.Drop),
        validationDrop = Figures.Percent(result.Choice?.ValidationDrop),
        modelBytes = result.Choice?.ModelBytes,
        floatModelBytes = result.FloatModelBytes,
        sizeRatio = Figures.SizeRatio(result.Choice?.ModelBytes, result.FloatModelBytes),
        seeds = result.Spec.Seeds,
        output,
        sweeps = result.SweepIds,
        frontier = result.Frontier.Select(p =>
        {
            var map = p.BitMap(SearchSpec.ActivationBits);
            var verified = result.Measured.Where(m => m.BitMap == map).ToList();
            var primary = verified.FirstOrDefault(m => m.Succeeded);
            return new
            {
                bitMap = map,
                averageBits = Math.Round(result.Layout.AverageBits(p.WeightBits), 3),
                modelBytes = primary?.ModelBytes ?? p.PredictedBytes,
                predictedBytes = p.PredictedBytes,
                predictedDrop = Math.Round(p.PredictedDrop * 100, 2),
                measuredDrop = Figures.Percent(primary?.ValidationDrop),
                accuracy = Figures.Percent(primary?.Accuracy),
                verified = verified.Select(Point),
            };
        }),
        uniform = result.Dominance().Select(d => new { point = Point(d.Uniform), dominatedBy = d.Dominating?.BitMap }),
        sensitivities = result.Layout.Layers.Select(layer => new
        {
            layer = layer.Index,
            name = layer.Name,
            weights = layer.Weights,
            widths = result.Sensitivities.Widths.Select((width, i) => new
            {
                bits = width,
                validationDrop = Math.Round(result.Sensitivities.Drop(layer.Index, i) * 100, 2),
                outputSqnrDb = Figures.Decibels(result.Sensitivities.OutputSqnrDb(layer.Index, i)),
            }),
        }),
    };

    private static object Point(Measured m) => new
    {
        method = m.Method.ToString().ToLowerInvariant(),
        bitMap = m.BitMap,
        modelBytes = m.ModelBytes,
        validationDrop = Figures.Percent(m.ValidationDrop),
        accuracy = Figures.Percent(m.Accuracy),
        drop = Figures.Percent(m.Drop),
        seeds = m.Seeds,
        failed = m.Failed,
    };

    private static double AverageBits(SearchResult result, string bitMap) =>
        BitMap.Parse(bitMap).AverageWeightBits([.. result.Layout.Layers.Select(l => l.Weights)]);

    private static string Csv(SearchResult result)
    {
        var text = new StringBuilder("bitMap,averageBits,predictedBytes,predictedDrop,method,modelBytes,validationDrop,accuracy,drop\n");
        foreach (var p in result.Frontier)
        {
            var map = p.BitMap(SearchSpec.ActivationBits);
            var verified = result.Measured.Where(m => m.BitMap == map).ToList();
            foreach (var m in verified.Count > 0 ? verified.Cast<Measured?>() : [null])
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{map},{result.Layout.AverageBits(p.WeightBits):F3},{p.PredictedBytes},{p.PredictedDrop * 100:F2},{m?.Method.ToString().ToLowerInvariant()},{m?.ModelBytes},{Figures.Percent(m?.ValidationDrop)},{Figures.Percent(m?.Accuracy)},{Figures.Percent(m?.Drop)}");
            }
        }

        return text.ToString();
    }

    private static string SensitivityCsv(SearchResult result)
    {
        var widths = result.Sensitivities.Widths;
        var text = new StringBuilder("layer,name,weights," + string.Join(',', widths.Select(w => $"dropW{w}")) + "," + string.Join(',', widths.Select(w => $"sqnrDbW{w}")) + "\n");
        foreach (var layer in result.Layout.Layers)
        {
            var drops = widths.Select((_, i) => (result.Sensitivities.Drop(layer.Index, i) * 100).ToString("F2", CultureInfo.InvariantCulture));
            var sqnr = widths.Select((_, i) => Figures.Decibels(result.Sensitivities.OutputSqnrDb(layer.Index, i))?.ToString("F2", CultureInfo.InvariantCulture) ?? "");
            text.AppendLine(CultureInfo.InvariantCulture, $"{layer.Index},{layer.Name},{layer.Weights},{string.Join(',', drops)},{string.Join(',', sqnr)}");
        }

        return text.ToString();
    }

    private static string Markdown(SearchResult result, string command, string figure)
    {
        var text = new StringBuilder();
        var spec = result.Spec;
        text.AppendLine(CultureInfo.InvariantCulture, $"# Search {spec.Id}: {result.Layout.Model}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Command: `{command}`");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Goal: {spec.Goal}, judged on the validation split ({spec.Settings.Validation:N0} training images held out); the test split only reports. Settings: {spec.Settings.Canonical}; seeds {string.Join(", ", spec.Seeds)}; candidate widths {string.Join(", ", spec.Widths)} (activations {SearchSpec.ActivationBits}-bit); sweeps {string.Join(", ", result.SweepIds)}.");
        text.AppendLine();
        if (result.Choice is { } c)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"**Answer ({(result.GoalMet ? "goal met" : "goal NOT met: the closest verified point")})**: `{c.BitMap}` by {c.Method.ToString().ToUpperInvariant()}, {AverageBits(result, c.BitMap):F2} bits per weight on average: test accuracy {c.Accuracy * 100:F2} % (float {c.FloatAccuracy * 100:F2} %, drop {c.Drop * 100:F2} points; validation drop {c.ValidationDrop * 100:F2}), {c.ModelBytes:N0} bytes = {Figures.SizeRatio(c.ModelBytes, result.FloatModelBytes) * 100:F2} % of the float model ({result.FloatModelBytes:N0} bytes).");
        }
        else
        {
            text.AppendLine("**No answer**: no verified point succeeded (see the sweeps' failures).");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"![frontier]({figure})");
        text.AppendLine();
        text.AppendLine("## Verified points");
        text.AppendLine();
        text.AppendLine("| bit map | method | avg bits | bytes | size ratio | predicted drop | validation drop | test accuracy % | test drop | seeds |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var m in result.Measured.OrderBy(m => m.ModelBytes ?? long.MaxValue).ThenBy(m => m.Method))
        {
            var predicted = result.Frontier.FirstOrDefault(p => p.BitMap(SearchSpec.ActivationBits) == m.BitMap) is { } p ? $"{p.PredictedDrop * 100:F2}" : "uniform";
            text.AppendLine(CultureInfo.InvariantCulture, $"| `{m.BitMap}` | {m.Method.ToString().ToLowerInvariant()} | {AverageBits(result, m.BitMap):F2} | {m.ModelBytes:N0} | {Figures.SizeRatio(m.ModelBytes, result.FloatModelBytes) * 100:F2} % | {predicted} | {m.ValidationDrop * 100:F2} | {m.Accuracy * 100:F2} | {m.Drop * 100:F2} | {m.Seeds - m.Failed}/{m.Seeds} |");
        }

        text.AppendLine();
        text.AppendLine("## Uniform widths against the frontier");
        text.AppendLine();
        foreach (var (uniform, dominating) in result.Dominance())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- `{uniform.BitMap}` {uniform.Method.ToString().ToLowerInvariant()} ({uniform.ModelBytes:N0} bytes, {uniform.Accuracy * 100:F2} %): {(dominating is null ? "no verified mixed point is both no larger and no less accurate" : $"dominated by `{dominating.BitMap}` ({dominating.ModelBytes:N0} bytes, {dominating.Accuracy * 100:F2} %)")}");
        }

        LayerTable(text, result, "Sensitivities (validation drop in points, one layer quantized, the rest float)", (layer, i) =>
            (result.Sensitivities.Drop(layer, i) * 100).ToString("F2", CultureInfo.InvariantCulture));
        if (result.Sensitivities.HasOutputSqnr)
        {
            LayerTable(text, result, "Output SQNR (dB against the float model's outputs on validation, the same probes; higher is closer to float)", (layer, i) =>
                Figures.Decibels(result.Sensitivities.OutputSqnrDb(layer, i))?.ToString("F1", CultureInfo.InvariantCulture) ?? "–");
        }

        return text.ToString();
    }

    /// <summary>A section with one row per layer and one column per candidate width.</summary>
    private static void LayerTable(StringBuilder text, SearchResult result, string heading, Func<int, int, string> cell)
    {
        var widths = result.Sensitivities.Widths;
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"## {heading}");
        text.AppendLine();
        text.AppendLine("| layer | weights | " + string.Join(" | ", widths.Select(w => $"W{w}")) + " |");
        text.AppendLine("|---|---|" + string.Concat(widths.Select(_ => "---|")));
        foreach (var layer in result.Layout.Layers)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {layer.Index} {layer.Name} | {layer.Weights:N0} | {string.Join(" | ", widths.Select((_, i) => cell(layer.Index, i)))} |");
        }
    }

    private static void WriteText(string path, string content) => AtomicFile.Write(path, stream => stream.Write(Encoding.UTF8.GetBytes(content)));
}
