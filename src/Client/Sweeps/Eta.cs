using QuantGrid.Contracts;

namespace QuantGrid.Client.Sweeps;

/// <summary>Time left, as the views print it.</summary>
internal static class Eta
{
    /// <summary>h:mm:ss (or m:ss), "?" when unknown.</summary>
    public static string Format(double? seconds) => seconds switch
    {
        null or double.NaN or < 0 => "?",
        var s => TimeSpan.FromSeconds(Math.Round(s.Value)) is var t && t.TotalHours >= 1 ? $"{(int)t.TotalHours}:{t.Minutes:D2}:{t.Seconds:D2}" : $"{t.Minutes}:{t.Seconds:D2}",
    };

    /// <summary>A running piece of work's own time left, from its progress through the current phase and the time since it started.</summary>
    public static double? Of(ExperimentUpdate update, DateTimeOffset now)
    {
        var fraction = update.Fraction;
        return update.StartedUtc is { } started && fraction is > 0.02 and < 1 ? (now - started).TotalSeconds * (1 - fraction) / fraction : null;
    }

    /// <summary>"phase epoch e/E batch b/B, N img/s, ETA m:ss" (layer and step while learning the rounding) of a running piece of work.</summary>
    public static string Describe(ExperimentUpdate update, DateTimeOffset now)
    {
        var (epoch, batch) = update.Units;
        var epochs = update.Epochs > 0 ? $" {epoch} {update.Epoch}/{update.Epochs}" : "";
        var batches = update.Batches > 0 ? $" {batch} {update.Batch}/{update.Batches}" : "";
        var speed = update.ImagesPerSecond is { } s ? $", {s:N0} img/s" : "";
        var eta = Of(update, now) is { } left ? $", ETA {Format(left)}" : "";
        return $"{update.Phase}{epochs}{batches}{speed}{eta}";
    }
}
