using QuantGrid.Contracts;
using ScottPlot;

namespace QuantGrid.Client.Plots;

/// <summary>A sweep's figures: accuracy against bits per model and method (error bars: std over seeds), and accuracy against packed size.</summary>
internal static class SweepPlots
{
    /// <summary>Writes the figures and returns their PNG file names (none when no quantized experiment succeeded).</summary>
    public static IReadOnlyList<string> Write(string directory, IReadOnlyList<SummaryRow> rows)
    {
        var quantized = rows.Where(r => r.Method != ExperimentMethod.Float && r.BitMap is null && r.AccuracyMean is not null).ToList();
        if (quantized.Count == 0)
        {
            return [];
        }

        return [AccuracyAgainstBits(directory, rows, quantized), AccuracyAgainstSize(directory, rows)];
    }

    private static string AccuracyAgainstBits(string directory, IReadOnlyList<SummaryRow> rows, List<SummaryRow> quantized)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var series = 0;
        foreach (var group in quantized.GroupBy(r => (r.Model, r.Method)).OrderBy(g => g.Key.Model, StringComparer.Ordinal).ThenBy(g => g.Key.Method))
        {
            var points = group.OrderBy(r => r.Bits).ToList();
            var color = palette.GetColor(series++);
            var bits = points.Select(r => (double)r.Bits).ToArray();
            var accuracy = points.Select(r => r.AccuracyMean!.Value * 100).ToArray();
            var line = plot.Add.Scatter(bits, accuracy, color);
            line.LegendText = $"{group.Key.Model} {group.Key.Method.ToString().ToUpperInvariant()}";
            var errors = plot.Add.ErrorBar(bits, accuracy, [.. points.Select(r => (r.AccuracyStd ?? 0) * 100)]);
            errors.Color = color;
        }

        foreach (var floatRow in rows.Where(r => r.Method == ExperimentMethod.Float && r.AccuracyMean is not null))
        {
            var level = plot.Add.HorizontalLine(floatRow.AccuracyMean!.Value * 100, 1, palette.GetColor(series++));
            level.LegendText = $"{floatRow.Model} float";
        }

        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var bits in quantized.Select(r => r.Bits).Distinct().Order())
        {
            ticks.AddMajor(bits, bits.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Bottom.Label.Text = "weight bits";
        plot.Axes.Left.Label.Text = "test accuracy (%)";
        plot.Title("Accuracy against bit width (mean ± std over seeds)");
        plot.ShowLegend(Alignment.LowerRight);
        return Chart.Save(plot, directory, "accuracy-vs-bits");
    }

    private static string AccuracyAgainstSize(string directory, IReadOnlyList<SummaryRow> rows)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var series = 0;
        foreach (var group in rows.Where(r => r.AccuracyMean is not null && r.ModelBytes is not null).GroupBy(r => (r.Model, r.Method)).OrderBy(g => g.Key.Model, StringComparer.Ordinal).ThenBy(g => g.Key.Method))
        {
            var points = group.OrderBy(r => r.ModelBytes).ToList();
            var markers = plot.Add.Markers(Chart.Log10(points.Select(r => (double)r.ModelBytes!.Value)), [.. points.Select(r => r.AccuracyMean!.Value * 100)], MarkerShape.FilledCircle, 8, palette.GetColor(series++));
            markers.LegendText = $"{group.Key.Model} {group.Key.Method.ToString().ToLowerInvariant()}";
        }

        Chart.LogBottomAxis(plot, "packed model file (bytes, log scale)");
        plot.Axes.Left.Label.Text = "test accuracy (%)";
        plot.Title("Accuracy against model size");
        plot.ShowLegend(Alignment.LowerRight);
        return Chart.Save(plot, directory, "accuracy-vs-size");
    }
}
