using QuantGrid.Contracts;
using QuantGrid.Engine.Quantization;
using QuantGrid.Engine.Search;

namespace QuantGrid.Client.Search;

/// <summary>The search's decisions, all made on validation data: the sensitivity table, which frontier points to verify, and which verified point answers the goal.</summary>
internal static class SearchAnalysis
{
    /// <summary>
    /// Mean validation drop over seeds of each (layer, width) probe. A probe that failed counts as a total loss
    /// (drop 1), so the allocator never relies on it. Beside it, the mean output SQNR of the probes that measured one.
    /// </summary>
    public static SensitivityTable Sensitivities(ModelLayout layout, IReadOnlyList<int> widths, IEnumerable<ExperimentResult> probes)
    {
        var byMap = probes
            .Where(r => r.Spec.BitMap is not null)
            .GroupBy(r => r.Spec.BitMap!)
            .ToDictionary(g => g.Key, g => g.ToList());
        var drops = new double[layout.Layers.Count][];
        var sqnr = new double?[layout.Layers.Count][];
        for (var layer = 0; layer < drops.Length; layer++)
        {
            drops[layer] = new double[widths.Count];
            sqnr[layer] = new double?[widths.Count];
            for (var w = 0; w < widths.Count; w++)
            {
                var map = BitMap.Single(layout.Layers.Count, layer, widths[w], SearchSpec.ActivationBits).ToString();
                var ok = byMap.GetValueOrDefault(map, [])
                    .Where(r => r.Status == ExperimentStatus.Succeeded && r.ValidationAccuracy is not null && r.FloatValidationAccuracy is not null)
                    .ToList();
                drops[layer][w] = ok.Count == 0 ? 1.0 : ok.Average(r => r.FloatValidationAccuracy!.Value - r.ValidationAccuracy!.Value);
                sqnr[layer][w] = ok.Average(r => r.OutputSqnrDb);
            }
        }

        return new SensitivityTable(widths, drops, sqnr);
    }

    /// <summary>
    /// The frontier points to verify in round <paramref name="round"/> (0-based): for a drop target, the smallest point
    /// predicted to meet it, one smaller and the next larger ones (predictions tend to be optimistic); later rounds
    /// take the next larger points. For a budget, the largest points predicted to fit and one above.
    /// </summary>
    public static IReadOnlyList<FrontierPoint> Candidates(IReadOnlyList<FrontierPoint> frontier, SearchGoal goal, long floatBytes, int verify, int round)
    {
        int first;
        if (goal.Budget(floatBytes) is { } budget)
        {
            var fit = frontier.Count(p => p.PredictedBytes <= budget) - 1;
            first = Math.Max(0, fit - verify + 2 - (round * verify));
        }
        else
        {
            var meets = IndexOrLast(frontier, p => p.PredictedDrop <= goal.TargetDrop!.Value / 100);
            first = Math.Max(0, meets - 1) + (round * verify);
        }

        return [.. frontier.Skip(first).Take(verify)];
    }

    /// <summary>
    /// For each uniform width, the frontier point predicted most accurate among those no larger than it: verified beside
    /// the uniform points, they show whether the frontier dominates uniform quantization.
    /// </summary>
    public static IReadOnlyList<FrontierPoint> Rivals(IReadOnlyList<FrontierPoint> frontier, ModelLayout layout, IEnumerable<int> uniformWidths) =>
    [
        .. uniformWidths
            .Select(w => layout.PackedBytes([.. layout.Layers.Select(_ => w)]))
            .Select(bytes => frontier.Where(p => p.PredictedBytes <= bytes).MinBy(p => p.PredictedDrop))
            .OfType<FrontierPoint>()
            .Distinct(),
    ];

    /// <summary>
    /// For a drop target already met: the unverified frontier points just smaller than the answer so far, the closest
    /// first. PTQ's sensitivities are pessimistic for QAT, so a smaller point may meet the target too.
    /// </summary>
    public static IReadOnlyList<FrontierPoint> Below(IReadOnlyList<FrontierPoint> frontier, Measured answer, int verify, IReadOnlyCollection<FrontierPoint> verified) =>
    [
        .. frontier
            .Where(p => p.PredictedBytes < (answer.ModelBytes ?? 0) && !verified.Contains(p))
            .OrderByDescending(p => p.PredictedBytes)
            .Take(verify),
    ];

    /// <summary>
    /// The verified point that answers the goal (null when none succeeded), and whether it meets the goal; uniform
    /// widths count too (the smallest frontier point can be one).
    /// </summary>
    public static (Measured? Choice, bool Met) Choose(IEnumerable<Measured> verified, SearchGoal goal)
    {
        var ok = verified.Where(m => m.Succeeded).ToList();
        if (ok.Count == 0)
        {
            return (null, false);
        }

        if (goal.IsBudget)
        {
            var budget = goal.Budget(ok[0].FloatModelBytes ?? 0);
            var fitting = ok.Where(m => m.ModelBytes <= budget).OrderBy(m => m.ValidationDrop).ThenBy(m => m.ModelBytes).FirstOrDefault();
            return fitting is not null ? (fitting, true) : (ok.OrderBy(m => m.ModelBytes).First(), false);
        }

        var meeting = ok.Where(m => m.ValidationDrop <= goal.TargetDrop!.Value / 100).OrderBy(m => m.ModelBytes).ThenBy(m => m.ValidationDrop).FirstOrDefault();
        return meeting is not null ? (meeting, true) : (ok.OrderBy(m => m.ValidationDrop).ThenBy(m => m.ModelBytes).First(), false);
    }

    /// <summary>Whether another round could still find an answer (a target is missed and larger points remain, or a budget has no fitting point and smaller ones remain).</summary>
    public static bool NeedsAnotherRound(IReadOnlyList<FrontierPoint> frontier, IReadOnlyList<FrontierPoint> verified, bool met) =>
        !met && frontier.Any(p => !verified.Contains(p));

    private static int IndexOrLast(IReadOnlyList<FrontierPoint> frontier, Func<FrontierPoint, bool> predicate)
    {
        for (var i = 0; i < frontier.Count; i++)
        {
            if (predicate(frontier[i]))
            {
                return i;
            }
        }

        return frontier.Count - 1;
    }
}
