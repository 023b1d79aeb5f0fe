namespace QuantGrid.Client;

/// <summary>How figures are printed: fractions as percent with two decimals, sizes as a ratio with four.</summary>
internal static class Figures
{
    public static double? Percent(double? fraction) => fraction is { } f ? Math.Round(f * 100, 2) : null;

    public static double? SizeRatio(long? modelBytes, long? floatModelBytes) =>
        modelBytes is { } m && floatModelBytes is > 0 and var f ? Math.Round((double)m / f, 4) : null;
}
