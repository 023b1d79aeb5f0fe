using QuantGrid.Client.Search;
using ScottPlot;

namespace QuantGrid.Client.Plots;

/// <summary>A search's figure: the predicted frontier, the verified points and the uniform widths, as validation drop against packed size.</summary>
internal static class FrontierPlot
{
    public static string Write(string directory, SearchResult result)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var predicted = plot.Add.Scatter(Chart.Log10(result.Frontier.Select(p => (double)p.PredictedBytes)), [.. result.Frontier.Select(p => p.PredictedDrop * 100)], palette.GetColor(0));
        predicted.LegendText = "frontier (predicted)";
        predicted.MarkerSize = 4;
        var series = 1;
        foreach (var method in result.Measured.Select(m => m.Method).Distinct().Order())
        {
            var name = method.ToString().ToUpperInvariant();
            Points(plot, result.Mixed.Where(m => m.Method == method), $"mixed {name} (measured)", MarkerShape.FilledCircle, palette.GetColor(series++));
            Points(plot, result.Uniform.Where(m => m.Method == method), $"uniform {name} (measured)", MarkerShape.FilledSquare, palette.GetColor(series++));
        }

        if (result.Choice is { ModelBytes: { } bytes, ValidationDrop: { } drop })
        {
            var chosen = plot.Add.Markers(new[] { Math.Log10(bytes) }, new[] { drop * 100 }, MarkerShape.OpenCircle, 18, Colors.Black);
            chosen.LegendText = "answer";
        }

        if (!result.Spec.Goal.IsBudget)
        {
            var target = plot.Add.HorizontalLine(result.Spec.Goal.TargetDrop!.Value, 1, Colors.Gray);
            target.LegendText = "target";
        }

        Chart.LogBottomAxis(plot, "packed model file (bytes, log scale)");
        plot.Axes.Left.Label.Text = "validation drop (points, float − quantized)";
        plot.Title($"{result.Layout.Model}: size against accuracy drop");
        plot.ShowLegend(Alignment.UpperRight);
        return Chart.Save(plot, directory, "frontier");
    }

    private static void Points(Plot plot, IEnumerable<Measured> points, string label, MarkerShape shape, Color color)
    {
        var ok = points.Where(p => p is { ModelBytes: not null, ValidationDrop: not null }).ToList();
        if (ok.Count == 0)
        {
            return;
        }

        var markers = plot.Add.Markers(Chart.Log10(ok.Select(p => (double)p.ModelBytes!.Value)), [.. ok.Select(p => p.ValidationDrop!.Value * 100)], shape, 9, color);
        markers.LegendText = label;
    }
}
