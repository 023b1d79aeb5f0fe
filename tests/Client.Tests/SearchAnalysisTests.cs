using QuantGrid.Client.Search;
using QuantGrid.Contracts;
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

    private static (string?, bool) Answer((Measured? Choice, bool Met) answer) => (answer.Choice?.BitMap, answer.Met);
}
