using QuantGrid.Client.Search;
using QuantGrid.Contracts;
using QuantGrid.Engine.Quantization;
using QuantGrid.Engine.Search;

namespace QuantGrid.Client.Tests;

public sealed class SearchAnalysisTests
{
    private static readonly ModelLayout Layout = new("synthetic", [new LayerProfile(0, "a", 1000, 8), new LayerProfile(1, "b", 1000, 8)], 1);

    private static readonly IReadOnlyList<FrontierPoint> Frontier =
    [
        .. new[] { (2, 2, 0.05), (4, 2, 0.02), (4, 4, 0.008), (8, 4, 0.004), (8, 8, 0.0) }
            .Select(p => new FrontierPoint([p.Item1, p.Item2], Layout.PackedBytes([p.Item1, p.Item2]), p.Item3)),
    ];

    [Fact]
    public void A_drop_target_verifies_the_smallest_point_predicted_to_meet_it_one_smaller_and_then_larger_ones()
    {
        var goal = new SearchGoal(1.0, null, null);

        Assert.Equal([Frontier[1], Frontier[2], Frontier[3]], SearchAnalysis.Candidates(Frontier, goal, 100_000, verify: 3, round: 0));
        Assert.Equal([Frontier[4]], SearchAnalysis.Candidates(Frontier, goal, 100_000, verify: 3, round: 1));
    }

    [Fact]
    public void A_budget_verifies_the_largest_points_predicted_to_fit_and_one_above()
    {
        var goal = new SearchGoal(null, Frontier[2].PredictedBytes, null);

        Assert.Equal([Frontier[1], Frontier[2], Frontier[3]], SearchAnalysis.Candidates(Frontier, goal, 100_000, verify: 3, round: 0));
    }

    [Fact]
    public void The_answer_is_the_smallest_verified_point_within_the_target_or_the_most_accurate_within_the_budget()
    {
        Measured Point(string map, long bytes, double validationDrop) => new(map, ExperimentMethod.Ptq, 1, 0, bytes, 10_000, validationDrop, 0.9, validationDrop);
        Measured[] verified = [Point("small", 1000, 0.02), Point("medium", 2000, 0.009), Point("large", 3000, 0.001)];

        Assert.Equal(("medium", true), Answer(SearchAnalysis.Choose(verified, new SearchGoal(1.0, null, null))));
        Assert.Equal(("large", false), Answer(SearchAnalysis.Choose(verified, new SearchGoal(0.05, null, null))));
        Assert.Equal(("medium", true), Answer(SearchAnalysis.Choose(verified, new SearchGoal(null, 2500, null))));
        Assert.Equal(("small", false), Answer(SearchAnalysis.Choose(verified, new SearchGoal(null, null, 0.05))));
    }

    [Fact]
    public void A_met_target_looks_next_at_the_unverified_points_just_below_the_answer()
    {
        var answer = new Measured("w4-4/a8-8", ExperimentMethod.Qat, 1, 0, Frontier[2].PredictedBytes, 10_000, 0.001, 0.9, 0.001);

        Assert.Equal([Frontier[1]], SearchAnalysis.Below(Frontier, answer, verify: 1, verified: [Frontier[2]]));
        Assert.Equal([Frontier[0]], SearchAnalysis.Below(Frontier, answer, verify: 2, verified: [Frontier[1], Frontier[2]]));
    }

    [Fact]
    public void Each_uniform_width_gets_the_best_frontier_point_no_larger_than_it()
    {
        var rivals = SearchAnalysis.Rivals(Frontier, Layout, [2, 4, 8]);

        Assert.Equal([Frontier[0], Frontier[2], Frontier[4]], rivals);
    }

    [Fact]
    public void Sensitivities_average_the_seeds_drops_and_measured_sqnr_and_count_a_failed_or_missing_probe_as_a_total_loss()
    {
        ExperimentResult[] probes =
        [
            Probe(layer: 0, bits: 2, seed: 0, validationAccuracy: 0.80, sqnr: 10),
            Probe(layer: 0, bits: 2, seed: 1, validationAccuracy: 0.84, sqnr: null),
            Probe(layer: 0, bits: 8, seed: 0, validationAccuracy: 0.90, sqnr: 40),
            Probe(layer: 1, bits: 2, seed: 0, validationAccuracy: null, sqnr: null),
        ];

        var table = SearchAnalysis.Sensitivities(Layout, [2, 8], probes);

        Assert.Equal(0.08, table.Drop(0, 0), 9);
        Assert.Equal(0.0, table.Drop(0, 1), 9);
        Assert.Equal(1.0, table.Drop(1, 0));
        Assert.Equal(1.0, table.Drop(1, 1));
        Assert.Equal(10.0, table.OutputSqnrDb(0, 0));
        Assert.Equal(40.0, table.OutputSqnrDb(0, 1));
        Assert.Null(table.OutputSqnrDb(1, 0));
        Assert.True(table.HasOutputSqnr);
    }

    private static ExperimentResult Probe(int layer, int bits, int seed, double? validationAccuracy, double? sqnr)
    {
        var spec = new ExperimentSpec("synthetic", ExperimentMethod.Ptq, bits, seed, new ExperimentSettings(), BitMap.Single(Layout.Layers.Count, layer, bits, SearchSpec.ActivationBits).ToString());
        return validationAccuracy is { } accuracy
            ? new(spec.Id, spec, ExperimentStatus.Succeeded, null, null, null, null, null, 1, "silo", 1, null, null, DateTimeOffset.UtcNow, ValidationAccuracy: accuracy, FloatValidationAccuracy: 0.90, OutputSqnrDb: sqnr)
            : new(spec.Id, spec, ExperimentStatus.Failed, null, null, null, null, null, 1, "silo", 1, "failed", null, DateTimeOffset.UtcNow);
    }

    private static (string?, bool) Answer((Measured? Choice, bool Met) answer) => (answer.Choice?.BitMap, answer.Met);
}
