namespace QuantGrid.Engine.Quantization;

/// <summary>The names of <see cref="WeightRounding"/> as users write them: <c>nearest</c> and <c>adaround</c>.</summary>
public static class RoundingOption
{
    public static IReadOnlyList<string> Names { get; } = ["nearest", "adaround"];

    public static string Name(WeightRounding rounding) => rounding == WeightRounding.Adaptive ? "adaround" : "nearest";

    /// <exception cref="ArgumentException">Neither name.</exception>
    public static WeightRounding Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "nearest" => WeightRounding.Nearest,
        "adaround" => WeightRounding.Adaptive,
        _ => throw new ArgumentException($"--rounding: unknown rounding '{name}' (known: nearest, adaround)"),
    };
}
