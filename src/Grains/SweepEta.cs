using QuantGrid.Contracts;

namespace QuantGrid.Grains;

/// <summary>
/// A sweep's time to completion: the cost model's seconds for what is left (unfinished experiments, and the
/// trainings of baselines none of whose experiments has finished), less the progress of running work, scaled by
/// what was measured so far (the ratio of measured to estimated durations of finished experiments of the same
/// model and method, else the model's measured float-training speed), spread over the worker slots that ask for work.
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
        // Measured ÷ estimated seconds per (model, method) from finished experiments, else the measured float-training
        // speed of the model, else the estimate as it is.
        var measured = results
            .Where(r => r.Status == ExperimentStatus.Succeeded && r.DurationSeconds > 0)
            .GroupBy(r => (r.Spec.Model, r.Spec.Method))
            .ToDictionary(g => g.Key, g => Math.Clamp(g.Sum(r => r.DurationSeconds) / g.Sum(r => CostModel.ExperimentSeconds(r.Spec)), 0.05, 50));
        double Training(string model) => trainingSpeeds.TryGetValue(model, out var speed) && speed > 0 ? CostModel.Speed(model) / speed : 1;
        double Factor(ExperimentSpec e) => measured.TryGetValue((e.Model, e.Method), out var ratio) ? ratio : Training(e.Model);

        var trained = results.Where(r => r.Status == ExperimentStatus.Succeeded).Select(r => r.Spec.Baseline.Key).ToHashSet();
        trained.UnionWith(running.Keys.Where(id => !id.StartsWith("baseline-", StringComparison.Ordinal)).Select(id => unfinished.FirstOrDefault(e => e.Id == id)?.Baseline.Key).OfType<string>());
        double seconds = 0;
        var units = 0;
        foreach (var experiment in unfinished)
        {
            var left = running.TryGetValue(experiment.Id, out var update) && update.Phase == "FineTuning" ? 1 - update.Fraction : 1;
            seconds += CostModel.ExperimentSeconds(experiment) * Factor(experiment) * left;
            units++;
        }

        foreach (var baseline in unfinished.Select(e => e.Baseline).DistinctBy(b => b.Key).Where(b => !trained.Contains(b.Key)))
        {
            var left = running.TryGetValue(WorkItem.BaselineId(baseline), out var update) ? 1 - update.Fraction : 1;
            seconds += CostModel.BaselineSeconds(baseline) * Training(baseline.Model) * left;
            units++;
        }

        return units == 0 ? 0 : seconds / Math.Clamp(slots, 1, units);
    }
}
