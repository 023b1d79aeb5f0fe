using System.Globalization;

namespace QuantGrid.Contracts;

/// <summary>One experiment: (model, method, bits, seed) plus the sweep's settings.</summary>
/// <param name="Bits">Weight bits 2..8; 32 for <see cref="ExperimentMethod.Float"/>.</param>
[GenerateSerializer, Immutable, Alias("QuantGrid.ExperimentSpec")]
public sealed record ExperimentSpec(
    [property: Id(0)] string Model,
    [property: Id(1)] ExperimentMethod Method,
    [property: Id(2)] int Bits,
    [property: Id(3)] int Seed,
    [property: Id(4)] ExperimentSettings Settings)
{
    /// <summary>Activation bits actually used (32 for float).</summary>
    public int ActivationBits => Method == ExperimentMethod.Float ? 32 : Settings.ActivationBits ?? Bits;

    /// <summary>Stable id derived from the content: readable prefix plus a hash of everything.</summary>
    public string Id =>
        string.Create(CultureInfo.InvariantCulture, $"{Model}-{Method.ToString().ToLowerInvariant()}-w{Bits}a{ActivationBits}-s{Seed}-{StableId.Hash($"{Model};{Method};{Bits};{Seed};{Settings.Canonical}")}");

    /// <summary>The float baseline this experiment starts from.</summary>
    public BaselineSpec Baseline => new(Model, Seed, Settings);
}
