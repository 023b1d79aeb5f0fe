using ScottPlot;

namespace QuantGrid.Client.Plots;

/// <summary>Shared look of QuantGrid's figures (ScottPlot): size, a log-scale size axis, and writing PNG and SVG side by side.</summary>
internal static class Chart
{
    public const int Width = 800;
    public const int Height = 500;

    /// <summary>Saves <c>name.png</c> and <c>name.svg</c> in <paramref name="directory"/>; returns the PNG's file name.</summary>
    public static string Save(Plot plot, string directory, string name)
    {
        Directory.CreateDirectory(directory);
        plot.SavePng(Path.Combine(directory, name + ".png"), Width, Height);
        plot.SaveSvg(Path.Combine(directory, name + ".svg"), Width, Height);
        return name + ".png";
    }

    /// <summary>Plots x on a log10 scale: data go in as log10(x) and the axis labels show x.</summary>
    public static void LogBottomAxis(Plot plot, string label)
    {
        var ticks = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            LabelFormatter = x => Bytes(Math.Pow(10, x)),
        };
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Bottom.Label.Text = label;
    }

    public static double[] Log10(IEnumerable<double> values) => [.. values.Select(v => Math.Log10(Math.Max(1, v)))];

    private static string Bytes(double value) => value switch
    {
        >= 1e6 => $"{value / 1e6:0.#} MB",
        >= 1e3 => $"{value / 1e3:0.#} kB",
        _ => $"{value:0} B",
    };
}
