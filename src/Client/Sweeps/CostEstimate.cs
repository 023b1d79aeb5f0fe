using QuantGrid.Contracts;

namespace QuantGrid.Client.Sweeps;

/// <summary>
/// Rough CPU cost of a sweep for <c>--dry-run</c>, from the training throughputs measured by
/// <c>quantgrid bench train</c> on the 2-core development machine (docs/BENCHMARKS.md).
/// </summary>
internal static class CostEstimate
{
    private static readonly Dictionary<string, double> TrainImagesPerSecond = new() { ["cnn"] = 11_000, ["mobilenet"] = 340, ["vgg16"] = 186 };

    public static TimeSpan Estimate(SweepSpec spec)
    {
        var train = spec.Settings.TrainLimit ?? 60_000;
        var test = spec.Settings.TestLimit ?? 10_000;
        double seconds = 0;
        foreach (var model in spec.Models)
        {
            var speed = TrainImagesPerSecond.GetValueOrDefault(model, 100);
            var floatTraining = spec.Settings.Epochs * train / speed;
            var evaluation = 2 * test / (speed * 2.5);
            seconds += spec.Seeds.Length * floatTraining;
            foreach (var experiment in spec.Expand().Where(e => e.Model == model && e.Seed == spec.Seeds[0]))
            {
                var work = experiment.Method == ExperimentMethod.Qat ? spec.Settings.QatEpochs * train / (speed / 1.5) : 0;
                seconds += spec.Seeds.Length * (work + evaluation);
            }
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
