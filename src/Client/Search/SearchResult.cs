using QuantGrid.Engine.Search;

namespace QuantGrid.Client.Search;

/// <summary>Everything a finished search found: sensitivities, the predicted frontier, the verified points and the answer.</summary>
internal sealed record SearchResult(
    SearchSpec Spec,
    ModelLayout Layout,
    SensitivityTable Sensitivities,
    IReadOnlyList<FrontierPoint> Frontier,
    IReadOnlyList<Measured> Measured,
    IReadOnlyList<string> UniformMaps,
    Measured? Choice,
    bool GoalMet,
    IReadOnlyList<string> SweepIds,
    long FloatModelBytes)
{
    public IEnumerable<Measured> Mixed => Measured.Where(m => !UniformMaps.Contains(m.BitMap));

    public IEnumerable<Measured> Uniform => Measured.Where(m => UniformMaps.Contains(m.BitMap));

    /// <summary>For every uniform point, a mixed one under the same method no larger and no less accurate on the test set.</summary>
    public IReadOnlyList<(Measured Uniform, Measured? Dominating)> Dominance() =>
    [
        .. Uniform.Where(u => u.Succeeded).Select(u => (u, Mixed.Where(m => m.Succeeded && m.Method == u.Method && m.ModelBytes <= u.ModelBytes && m.Accuracy >= u.Accuracy).OrderBy(m => m.ModelBytes).FirstOrDefault())),
    ];
}
