using System.Globalization;
using System.Runtime.CompilerServices;

namespace QuantGrid.Contracts;

/// <summary>One experiment: (model, method, bits, seed) plus the sweep's settings.</summary>
/// <param name="Bits">Weight bits 2..8 (with a bit map: its widest weight width); 32 for <see cref="ExperimentMethod.Float"/>.</param>
/// <param name="BitMap">Per-layer widths (<c>w8-4-4-2-8/a8-8-8-8-8</c>, <c>f</c>: float) replacing the uniform width and edge policy; null: uniform.</param>
[GenerateSerializer, Immutable, Alias("QuantGrid.ExperimentSpec")]
public sealed record ExperimentSpec(
    [property: Id(0)] string Model,
    [property: Id(1)] ExperimentMethod Method,
    [property: Id(2)] int Bits,
    [property: Id(3)] int Seed,
    [property: Id(4)] ExperimentSettings Settings,
    [property: Id(5)] string? BitMap = null)
{
    /// <summary>Activation bits actually used (32 for float; with a bit map its widest activation width).</summary>
    public int ActivationBits => Method == ExperimentMethod.Float ? 32 : BitMap is not null ? BitMapWidths.MaxActivationBits(BitMap) : Settings.ActivationBits ?? Bits;

    private static readonly ConditionalWeakTable<ExperimentSpec, string> Ids = [];

    /// <summary>Stable id derived from the content: readable prefix plus a hash of everything (computed once per instance).</summary>
    public string Id => Ids.GetValue(this, static spec => spec.ComputeId());

    private string ComputeId() => BitMap is null
        ? string.Create(CultureInfo.InvariantCulture, $"{Model}-{Method.ToString().ToLowerInvariant()}-w{Bits}a{ActivationBits}-s{Seed}-{StableId.Hash($"{Model};{Method};{Bits};{Seed};{Settings.Canonical}")}")
        : string.Create(CultureInfo.InvariantCulture, $"{Model}-{Method.ToString().ToLowerInvariant()}-mixed-s{Seed}-{StableId.Hash($"{Model};{Method};{BitMap};{Seed};{Settings.Canonical}")}");

    /// <summary>How the widths are shown: the bit map, or <c>W4A4</c>.</summary>
    public string Widths => BitMap ?? string.Create(CultureInfo.InvariantCulture, $"W{Bits}A{ActivationBits}");

    /// <summary>The float baseline this experiment starts from.</summary>
    public BaselineSpec Baseline => new(Model, Seed, Settings);
}
