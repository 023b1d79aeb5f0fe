using System.Collections.Immutable;

namespace QuantGrid.Contracts;

/// <summary>A grid of experiments: models × methods × bits × seeds, with shared settings.</summary>
[GenerateSerializer, Immutable, Alias("QuantGrid.SweepSpec")]
public sealed record SweepSpec(
    [property: Id(0)] ImmutableArray<string> Models,
    [property: Id(1)] ImmutableArray<ExperimentMethod> Methods,
    [property: Id(2)] ImmutableArray<int> Bits,
    [property: Id(3)] ImmutableArray<int> Seeds,
    [property: Id(4)] ExperimentSettings Settings)
{
    /// <summary>Stable id derived from the content, so the same command names the same sweep.</summary>
    public string Id => $"sweep-{StableId.Hash(string.Join('|', string.Join(',', Models), string.Join(',', Methods), string.Join(',', Bits), string.Join(',', Seeds), Settings.Canonical))}";

    /// <summary>The experiments: one float baseline per (model, seed) when float is listed, and one per quantizing method × bits.</summary>
    public IReadOnlyList<ExperimentSpec> Expand() =>
    [
        .. from model in Models
           from seed in Seeds
           from method in Methods
           from bits in method == ExperimentMethod.Float ? [32] : Bits.AsEnumerable()
           select new ExperimentSpec(model, method, bits, seed, Settings),
    ];

    /// <summary>Distinct float trainings the sweep needs: one per (model, seed).</summary>
    public int FloatTrainings => Models.Length * Seeds.Length;
}
