using System.Collections.Immutable;
using QuantGrid.Contracts;
using QuantGrid.Engine.Quantization;
using QuantGrid.Engine.Search;

namespace QuantGrid.Client.Search;

/// <summary>
/// A bit-allocation search: per-layer sensitivities (one sweep of single-layer PTQ probes on validation data), a
/// greedy frontier, and sweeps that verify frontier points (and the uniform widths) with real experiments.
/// </summary>
/// <param name="Widths">Candidate weight widths, ascending; activations stay at <see cref="ActivationBits"/>.</param>
/// <param name="Verify">Frontier points verified per round.</param>
internal sealed record SearchSpec(
    string Model,
    ImmutableArray<int> Seeds,
    ImmutableArray<ExperimentMethod> Methods,
    ImmutableArray<int> Widths,
    SearchGoal Goal,
    int Verify,
    ExperimentSettings Settings)
{
    public const int ActivationBits = 8;

    /// <summary>
    /// Rounds of verification: after the first, a missed target looks at larger frontier points, a met one at smaller
    /// points, until a round improves nothing or this many rounds have run.
    /// </summary>
    public const int MaxRounds = 4;

    /// <summary>Uniform widths verified beside the frontier, for comparison.</summary>
    public static readonly ImmutableArray<int> UniformWidths = [2, 4, 8];

    public string Id => $"search-{StableId.Hash(string.Join('|', Model, string.Join(',', Seeds), string.Join(',', Methods), string.Join(',', Widths), Goal.Canonical, Verify, Settings.Canonical))}";

    /// <summary>One PTQ probe per (layer, width), every other layer float, measured on validation data only.</summary>
    public SweepSpec Sensitivity(ModelLayout layout) => new(
        [Model],
        [ExperimentMethod.Ptq],
        [],
        Seeds,
        Settings with { EvaluateTest = false },
        [.. from layer in layout.Layers from width in Widths select BitMap.Single(layout.Layers.Count, layer.Index, width, ActivationBits).ToString()]);

    /// <summary>Real experiments (every method, every seed) on the given bit maps, measured on validation and test data.</summary>
    public SweepSpec Verification(IEnumerable<string> bitMaps) => new([Model], Methods, [], Seeds, Settings, [.. bitMaps]);

    /// <summary>The uniform bit maps compared with the frontier.</summary>
    public static IEnumerable<string> Uniform(ModelLayout layout) =>
        UniformWidths.Select(w => BitMap.Uniform(layout.Layers.Count, w, ActivationBits).ToString());
}
