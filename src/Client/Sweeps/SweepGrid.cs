using System.Collections.Immutable;
using System.Globalization;
using QuantGrid.Contracts;
using QuantGrid.Engine.Models;

namespace QuantGrid.Client.Sweeps;

/// <summary>Parses the grid options of <c>quantgrid sweep</c>; every problem is an <see cref="ArgumentException"/> with a one-line message.</summary>
internal static class SweepGrid
{
    public static ImmutableArray<string> Models(string text) => [.. ModelRegistry.ParseList(text).Select(m => m.Name)];

    public static ImmutableArray<ExperimentMethod> Methods(string text) =>
        [.. Items("--methods", text).Select(item => Enum.TryParse<ExperimentMethod>(item, ignoreCase: true, out var method) && Enum.IsDefined(method) && !char.IsDigit(item[0])
            ? method
            : throw new ArgumentException($"--methods: unknown method '{item}' (known: float, ptq, qat)"))];

    public static ImmutableArray<int> Bits(string text) =>
        [.. Items("--bits", text).Select(item => Integer("--bits", item) is var bits and >= 2 and <= 8 ? bits : throw new ArgumentException($"--bits: {item} is outside 2..8"))];

    public static ImmutableArray<int> Seeds(string text) =>
        [.. Items("--seeds", text).Select(item => Integer("--seeds", item) is var seed and >= 0 ? seed : throw new ArgumentException($"--seeds: {item} is negative"))];

    private static List<string> Items(string option, string text)
    {
        var items = text.Split(',', StringSplitOptions.TrimEntries).ToList();
        if (items.Count == 0 || items.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException($"{option}: empty item in '{text}'");
        }

        var duplicate = items.GroupBy(i => i.ToLowerInvariant()).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? items : throw new ArgumentException($"{option}: '{duplicate.Key}' is listed twice");
    }

    private static int Integer(string option, string item) =>
        int.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw new ArgumentException($"{option}: '{item}' is not a whole number");
}
