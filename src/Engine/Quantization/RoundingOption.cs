namespace QuantGrid.Engine.Quantization;

/// <summary>The names of <see cref="WeightRounding"/> as users write them (<c>auto</c>, <c>nearest</c>, <c>adaround</c>) and which layers each rounds adaptively.</summary>
public static class RoundingOption
{
    /// <summary><see cref="WeightRounding.Auto"/> rounds layers of this many weight bits or fewer with AdaRound.</summary>
    public const int AutoAdaptiveMaxBits = 3;

    public static IReadOnlyList<string> Names { get; } = ["auto", "nearest", "adaround"];

    public static string Name(WeightRounding rounding) => rounding switch
    {
        WeightRounding.Adaptive => "adaround",
        WeightRounding.Auto => "auto",
        _ => "nearest",
    };

    /// <exception cref="ArgumentException">None of the names.</exception>
    public static WeightRounding Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "auto" => WeightRounding.Auto,
        "nearest" => WeightRounding.Nearest,
        "adaround" => WeightRounding.Adaptive,
        _ => throw new ArgumentException($"--rounding: unknown rounding '{name}' (known: {string.Join(", ", Names)})"),
    };

    /// <summary>Whether <paramref name="rounding"/> learns the rounding of a layer of <paramref name="bits"/>.</summary>
    public static bool Adapts(WeightRounding rounding, LayerBits bits) => !bits.IsFloat && rounding switch
    {
        WeightRounding.Adaptive => true,
        WeightRounding.Auto => bits.Weights <= AutoAdaptiveMaxBits,
        _ => false,
    };
}
