namespace QuantGrid.Client;

/// <summary>How figures are printed: fractions as percent with two decimals, sizes as a ratio with four.</summary>
internal static class Figures
{
    private static readonly string[] ArtifactFolders = ["/models/", "/checkpoints/"];

    public static double? Percent(double? fraction) => fraction is { } f ? Math.Round(f * 100, 2) : null;

    /// <summary>Decibels rounded to two decimals.</summary>
    public static double? Decibels(double? db) => db is { } d ? Math.Round(d, 2) : null;

    /// <summary>Milliseconds rounded to four decimals.</summary>
    public static double? Milliseconds(double? ms) => ms is { } m ? Math.Round(m, 4) : null;

    /// <summary>
    /// A model path as result files show it: relative to the artifact store (<c>models/…</c>, <c>checkpoints/…</c>),
    /// whichever machine's store it is in; never absolute.
    /// </summary>
    public static string? ArtifactRelative(string? path)
    {
        if (path is null)
        {
            return null;
        }

        var normalized = path.Replace('\\', '/');
        var start = ArtifactFolders.Select(folder => normalized.LastIndexOf(folder, StringComparison.Ordinal)).Max();
        return start >= 0 ? normalized[(start + 1)..] : Path.IsPathRooted(normalized) ? Path.GetFileName(normalized) : normalized;
    }

    public static double? SizeRatio(long? modelBytes, long? floatModelBytes) =>
        modelBytes is { } m && floatModelBytes is > 0 and var f ? Math.Round((double)m / f, 4) : null;
}
