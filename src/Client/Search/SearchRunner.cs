using QuantGrid.Client.Sweeps;
using QuantGrid.Contracts;
using QuantGrid.Engine.Search;

namespace QuantGrid.Client.Search;

/// <summary>Runs a search as sweeps on the cluster (or the embedded silo): sensitivities first, then rounds of verification.</summary>
internal static class SearchRunner
{
    /// <param name="starting">Told each sweep's id before it starts (the CLI records it, so that <c>status</c> follows the search).</param>
    public static async Task<SearchResult> RunAsync(IClusterClient client, SearchSpec spec, ModelLayout layout, int priority, CliConsole console, SweepDisplay display, Action<string> starting, CancellationToken cancellationToken)
    {
        var sensitivity = spec.Sensitivity(layout);
        await Log(display, $"search {spec.Id}: {layout.Layers.Count} layers × {spec.Widths.Length} widths × {spec.Seeds.Length} seed(s) = {sensitivity.Expand().Count} sensitivity probes (sweep {sensitivity.Id})");
        starting(sensitivity.Id);
        var probes = await SweepRunner.RunAsync(client, sensitivity, priority, console, display, cancellationToken);
        var table = SearchAnalysis.Sensitivities(layout, spec.Widths, probes);
        var frontier = BitAllocator.Frontier(layout, table);
        var floatBytes = probes.Select(r => r.FloatModelBytes).FirstOrDefault(b => b is not null) ?? 0;
        var uniform = SearchSpec.Uniform(layout).ToList();
        var verified = new List<FrontierPoint>();
        var results = new List<ExperimentResult>();
        var sweeps = new List<string> { sensitivity.Id };
        var (choice, met) = ((Measured?)null, false);
        var upward = 0;
        for (var round = 0; round < SearchSpec.MaxRounds; round++)
        {
            var candidates = (round == 0
                    ? SearchAnalysis.Candidates(frontier, spec.Goal, floatBytes, spec.Verify, upward++).Concat(SearchAnalysis.Rivals(frontier, layout, SearchSpec.UniformWidths))
                    : met ? SearchAnalysis.Below(frontier, choice!, spec.Verify, verified)
                    : SearchAnalysis.Candidates(frontier, spec.Goal, floatBytes, spec.Verify, upward++))
                .Distinct()
                .Where(p => !verified.Contains(p))
                .ToList();
            if (candidates.Count == 0 || (round > 0 && met && spec.Goal.IsBudget))
            {
                break;
            }

            verified.AddRange(candidates);
            var verification = spec.Verification(candidates.Select(c => c.BitMap(SearchSpec.ActivationBits)).Concat(round == 0 ? uniform : []));
            sweeps.Add(verification.Id);
            await Log(display, $"search {spec.Id}: round {round + 1}: verifying {candidates.Count} frontier point(s){(round == 0 ? $" and {uniform.Count} uniform widths" : met ? " smaller than the answer so far" : "")} (sweep {verification.Id})");
            starting(verification.Id);
            results.AddRange(await SweepRunner.RunAsync(client, verification, priority, console, display, cancellationToken));
            var previous = choice;
            (choice, met) = SearchAnalysis.Choose(Search.Measured.From(results), spec.Goal);
            var improved = met && (previous is null || choice!.ModelBytes < previous.ModelBytes);
            if (met ? spec.Goal.IsBudget || !improved : !SearchAnalysis.NeedsAnotherRound(frontier, verified, met))
            {
                break;
            }
        }

        return new SearchResult(spec, layout, table, frontier, Search.Measured.From(results), uniform, choice, met, sweeps, floatBytes);
    }

    private static async Task Log(SweepDisplay display, string line)
    {
        await display.Lines.WriteLineAsync($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ} {line}");
        await display.Lines.FlushAsync();
    }
}
