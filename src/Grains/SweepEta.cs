using QuantGrid.Contracts;

namespace QuantGrid.Grains;

/// <summary>
/// A sweep's time to completion: the cost model's seconds for what is left (unfinished experiments, and the
/// trainings of baselines none of whose experiments has finished), less the progress of running work, scaled by
/// the speed measured so far (float-training images/s per model, else the ratio of measured to estimated
/// durations of finished experiments), spread over the worker slots that ask for work.
/// </summary>
public static class SweepEta
{
    public static double? Seconds(
        IReadOnlyCollection<ExperimentSpec> unfinished,
        IReadOnlyCollection<ExperimentResult> results,
        IReadOnlyDictionary<string, ExperimentUpdate> running,
        IReadOnlyDictionary<string, double> trainingSpeeds,
        int slots)
    {
        var finished = results.Where(r => r.Status == ExperimentStatus.Succeeded && r.DurationSeconds > 0).ToList();
        var estimated = finished.Sum(r => CostModel.ExperimentSeconds(r.Spec));
        var measured = finished.Sum(r => r.DurationSeconds);
        var overall = estimated > 0 ? Math.Clamp(measured / estimated, 0.01, 1000) : 1;
        double Factor(string model) => trainingSpeeds.TryGetValue(model, out var speed) && speed > 0 ? CostModel.Speed(model) / speed : overall;

        var trained = results.Where(r => r.Status == ExperimentStatus.Succeeded).Select(r => r.Spec.Baseline.Key).ToHashSet();
        trained.UnionWith(running.Keys.Where(id => !id.StartsWith("baseline-", StringComparison.Ordinal)).Select(id => unfinished.FirstOrDefault(e => e.Id == id)?.Baseline.Key).OfType<string>());
        double seconds = 0;
        var units = 0;
        foreach (var experiment in unfinished)
        {
            var left = running.TryGetValue(experiment.Id, out var update) && update.Phase == "FineTuning" ? 1 - update.Fraction : 1;
            seconds += CostModel.ExperimentSeconds(experiment) * Factor(experiment.Model) * left;
            units++;
        }

        foreach (var baseline in unfinished.Select(e => e.Baseline).DistinctBy(b => b.Key).Where(b => !trained.Contains(b.Key)))
        {
            var left = running.TryGetValue(WorkItem.BaselineId(baseline), out var update) ? 1 - update.Fraction : 1;
            seconds += CostModel.BaselineSeconds(baseline) * Factor(baseline.Model) * left;
            units++;
        }

        return units == 0 ? 0 : seconds / Math.Clamp(slots, 1, units);
    }
}
