using System.Globalization;

namespace QuantGrid.Contracts;

/// <summary>Reads the widest widths from a bit map's text (<c>w8-4-f-2/a8-8-f-8</c>); the engine parses and validates maps.</summary>
public static class BitMapWidths
{
    /// <summary>The widest quantized weight width (0 when every layer is float or the text is not a map).</summary>
    public static int MaxWeightBits(string bitMap) => Max(bitMap, 0);

    /// <summary>The narrowest quantized weight width (0 when every layer is float or the text is not a map).</summary>
    public static int MinWeightBits(string bitMap) => Widths(bitMap, 0).Where(w => w > 0).DefaultIfEmpty(0).Min();

    /// <summary>The share of the map's layers whose weight width (0 for a float layer) satisfies <paramref name="predicate"/>.</summary>
    public static double WeightShare(string bitMap, Func<int, bool> predicate)
    {
        var widths = Widths(bitMap, 0).ToList();
        return widths.Count == 0 ? 0 : (double)widths.Count(predicate) / widths.Count;
    }

    /// <summary>The widest quantized activation width (8 when the map gives none).</summary>
    public static int MaxActivationBits(string bitMap) => bitMap.Contains('/', StringComparison.Ordinal) ? Max(bitMap, 1) : 8;

    private static int Max(string bitMap, int part) => Widths(bitMap, part).DefaultIfEmpty(0).Max();

    private static IEnumerable<int> Widths(string bitMap, int part)
    {
        var parts = bitMap.Split('/');
        return part < parts.Length && parts[part].Length > 1
            ? parts[part][1..].Split('-').Select(w => int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out var bits) ? bits : 0)
            : [];
    }
}
