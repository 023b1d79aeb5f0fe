using System.Collections.Immutable;
using QuantGrid.Contracts;

namespace QuantGrid.Grains;

/// <summary>
/// A sweep's time to completion: the cost model's seconds for what is left (unfinished experiments, and the
/// trainings of baselines none of whose experiments has finished), less what running work has done, scaled by
/// what was measured so far, spread over the worker slots that ask for work.
/// </summary>
/// <remarks>
/// Scaling, most specific first: the ratio of measured to estimated seconds of finished experiments of the same
/// kind (model, method, whether rounding is learned); else, separately for the training-bound part (QAT, AdaRound)
/// and the evaluation-bound part, the model's measured float-training speed and the ratio of its finished
/// evaluation-only experiments; for a model with nothing measured yet, the geometric mean of the training factors
/// of the models that were measured (this machine against the one the cost model was measured on). Speeds probed
/// before the sweep started stand in for a model's float-training speed until that training reports its own.
/// Running work takes off the share of its training-bound part that it reports done (QAT's epochs, AdaRound's layers).
/// QAT's training-bound part runs at the fine-tuning speed that running QAT reported for its model; for a model whose
/// QAT has not run yet, at its float-training factor times how much faster or slower than priced the measured models' QAT was.
/// </remarks>
public static class SweepEta
{
    private const double MinFactor = 0.05;
    private const double MaxFactor = 50;

    public static double? Seconds(
        IReadOnlyCollection<ExperimentSpec> unfinished,
        IReadOnlyCollection<ExperimentResult> results,
        IReadOnlyDictionary<string, ExperimentUpdate> running,
        IReadOnlyDictionary<string, double> trainingSpeeds,
        int slots,
        DateTimeOffset? now = null,
        IReadOnlyDictionary<string, double>? probedSpeeds = null,
        IReadOnlyDictionary<string, double>? fineTuningSpeeds = null)
    {
        var fineTuning = (fineTuningSpeeds ?? ImmutableDictionary<string, double>.Empty).Where(s => s.Value > 0).ToDictionary(s => s.Key, s => s.Value);
        trainingSpeeds = (probedSpeeds ?? ImmutableDictionary<string, double>.Empty).ToImmutableDictionary().SetItems(trainingSpeeds);
        var succeeded = results.Where(r => r.Status == ExperimentStatus.Succeeded && r.DurationSeconds > 0).ToList();
        var byKind = succeeded.GroupBy(r => Kind(r.Spec)).ToDictionary(g => g.Key, g => Ratio(g, CostModel.ExperimentSeconds));
        var evaluation = succeeded.Where(r => CostModel.ExperimentTrainingSeconds(r.Spec) == 0)
            .GroupBy(r => r.Spec.Model).ToDictionary(g => g.Key, g => Ratio(g, CostModel.ExperimentEvaluationSeconds));
        var training = trainingSpeeds.Where(s => s.Value > 0).ToDictionary(s => s.Key, s => Clamp(CostModel.Speed(s.Key) / s.Value));
        var machine = training.Count == 0 ? 1 : Math.Exp(training.Values.Average(Math.Log));

        double Training(string model) => training.TryGetValue(model, out var factor) ? factor : machine;
        double Evaluation(string model) => evaluation.TryGetValue(model, out var factor) ? factor : Training(model);
        double FineTuning(ExperimentSpec e)
        {
            double Factor(string model) => Clamp(CostModel.Speed(model) / CostModel.QatStepCost(e.Settings) / fineTuning[model]);
            return fineTuning.ContainsKey(e.Model) ? Factor(e.Model)
                : fineTuning.Count == 0 ? Training(e.Model)
                : Training(e.Model) * Math.Exp(fineTuning.Keys.Average(m => Math.Log(Factor(m) / Training(m))));
        }

        double TrainingPart(ExperimentSpec e) => e.Method == ExperimentMethod.Qat ? FineTuning(e) : Training(e.Model);
        double Estimate(ExperimentSpec e, double trainingLeft) => byKind.TryGetValue(Kind(e), out var ratio)
            ? ((CostModel.ExperimentTrainingSeconds(e) * trainingLeft) + CostModel.ExperimentEvaluationSeconds(e)) * ratio
            : (CostModel.ExperimentTrainingSeconds(e) * trainingLeft * TrainingPart(e)) + (CostModel.ExperimentEvaluationSeconds(e) * Evaluation(e.Model));

        var trained = results.Where(r => r.Status == ExperimentStatus.Succeeded).Select(r => r.Spec.Baseline.Key).ToHashSet();
        trained.UnionWith(running.Keys.Where(id => !id.StartsWith("baseline-", StringComparison.Ordinal)).Select(id => unfinished.FirstOrDefault(e => e.Id == id)?.Baseline.Key).OfType<string>());
        double seconds = 0;
        var units = 0;
        foreach (var experiment in unfinished)
        {
            if (!running.TryGetValue(experiment.Id, out var update))
            {
                seconds += Estimate(experiment, 1);
            }
            else if (update.Phase is ExperimentUpdate.FineTuning or ExperimentUpdate.Rounding)
            {
                seconds += Estimate(experiment, 1 - update.Fraction);
            }
            else
            {
                seconds += Left(Estimate(experiment, 1), update, now);
            }

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

    /// <summary>What is left of running work that reports no fraction done: its estimate less the time it has run, at least a twentieth of it.</summary>
    private static double Left(double estimate, ExperimentUpdate update, DateTimeOffset? now) =>
        now is { } at && update.StartedUtc is { } started
            ? Math.Max(estimate - (at - started).TotalSeconds, estimate / 20)
            : estimate;

    private static (string Model, ExperimentMethod Method, bool LearnsRounding) Kind(ExperimentSpec experiment) =>
        (experiment.Model, experiment.Method, CostModel.LearnsRounding(experiment));

    private static double Ratio(IEnumerable<ExperimentResult> finished, Func<ExperimentSpec, double> estimate)
    {
        var list = finished.ToList();
        return Clamp(list.Sum(r => r.DurationSeconds) / list.Sum(r => estimate(r.Spec)));
    }

    private static double Clamp(double factor) => Math.Clamp(factor, MinFactor, MaxFactor);
}
