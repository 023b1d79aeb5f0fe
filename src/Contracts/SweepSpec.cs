using System.Collections.Immutable;

namespace QuantGrid.Contracts;

/// <summary>A grid of experiments: models × methods × (bits and bit maps) × seeds, with shared settings.</summary>
/// <param name="BitMaps">Per-layer bit maps run by every quantizing method beside the uniform <paramref name="Bits"/> (empty: none).</param>
[GenerateSerializer, Immutable, Alias("QuantGrid.SweepSpec")]
public sealed record SweepSpec(
    [property: Id(0)] ImmutableArray<string> Models,
    [property: Id(1)] ImmutableArray<ExperimentMethod> Methods,
    [property: Id(2)] ImmutableArray<int> Bits,
    [property: Id(3)] ImmutableArray<int> Seeds,
    [property: Id(4)] ExperimentSettings Settings,
    [property: Id(5)] ImmutableArray<string> BitMaps = default)
{
    /// <summary>Stable id derived from the content, so the same command names the same sweep.</summary>
    public string Id => $"sweep-{StableId.Hash(string.Join('|', string.Join(',', Models), string.Join(',', Methods), string.Join(',', Bits), string.Join(',', Seeds), IdSettings.Canonical) + (BitMaps.IsDefaultOrEmpty ? "" : "|maps=" + string.Join(',', BitMaps)))}";

    /// <summary>The experiments: one float baseline per (model, seed) when float is listed, and one per quantizing method × (bits, then bit maps).</summary>
    public IReadOnlyList<ExperimentSpec> Expand() =>
    [
        .. from model in Models
           from seed in Seeds
           from method in Methods
           from experiment in method == ExperimentMethod.Float
               ? [new ExperimentSpec(model, method, 32, seed, Settings.For(model, method, 32))]
               : Bits.Select(bits => new ExperimentSpec(model, method, bits, seed, Settings.For(model, method, bits)))
                   .Concat((BitMaps.IsDefault ? [] : BitMaps).Select(map => new ExperimentSpec(model, method, BitMapWidths.MaxWeightBits(map), seed, MapSettings.For(method, BitMapWidths.MinWeightBits(map)), map)))
           select experiment,
    ];

    /// <summary>The settings as the id names them: <c>auto</c> rounding counts only when some experiment rounds adaptively (as <see cref="ExperimentSettings.For(string, ExperimentMethod, int)"/> resolves it), distillation only when the sweep has QAT.</summary>
    private ExperimentSettings IdSettings => ResolvedSettings with
    {
        Distill = Settings.Distill && Methods.Contains(ExperimentMethod.Qat),
        Calibration = Settings.Calibration == "auto" && Methods.Contains(ExperimentMethod.Ptq) && Models.Any(m => Bits.Any(b => ExperimentSettings.MseCalibrates(m, ExperimentMethod.Ptq, Settings.Narrowest(b))))
            ? "auto-mse"
            : Settings.Calibration,
        EdgeLayers = Settings.EdgeLayers != ExperimentSettings.DepthwiseEdges || Models.Any(m => Methods.Any(method => Bits.Any(b => ExperimentSettings.KeepsDepthwise(m, method, Settings.Narrowest(b)))))
            ? Settings.EdgeLayers
            : ExperimentSettings.EightBitEdges,
    };

    /// <summary>A bit map sets every layer's width itself: the edge policy is moot, and named as it was before the depthwise one.</summary>
    private ExperimentSettings MapSettings => Settings.EdgeLayers == ExperimentSettings.DepthwiseEdges ? Settings with { EdgeLayers = ExperimentSettings.EightBitEdges } : Settings;

    private ExperimentSettings ResolvedSettings => Methods.Contains(ExperimentMethod.Ptq)
        ? Settings.For(ExperimentMethod.Ptq, Bits.Concat((BitMaps.IsDefault ? [] : BitMaps).Select(BitMapWidths.MinWeightBits)).Where(b => b > 0).DefaultIfEmpty(0).Min())
        : Settings.For(ExperimentMethod.Qat, 0);

    /// <summary>Distinct float trainings the sweep needs: one per (model, seed).</summary>
    public int FloatTrainings => Models.Length * Seeds.Length;
}
