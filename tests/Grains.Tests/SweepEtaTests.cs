using QuantGrid.Contracts;

namespace QuantGrid.Grains.Tests;

public sealed class SweepEtaTests
{
    private static readonly SweepSpec Spec = new(["cnn", "vgg16"], [ExperimentMethod.Ptq, ExperimentMethod.Qat], [2, 8], [0], new ExperimentSettings());

    [Fact]
    public void Without_measurements_the_eta_is_the_cost_model_spread_over_the_slots()
    {
        var experiments = Spec.Expand();

        var eta = SweepEta.Seconds(experiments.ToList(), [], new Dictionary<string, ExperimentUpdate>(), new Dictionary<string, double>(), slots: 2);

        Assert.Equal(CostModel.Estimate(Spec).TotalSeconds / 2, eta!.Value, 6);
    }

    [Fact]
    public void Finished_work_rescales_the_same_model_and_method_only_and_its_baseline_counts_as_trained()
    {
        var experiments = Spec.Expand().ToList();
        var done = experiments.First(e => e is { Model: "cnn", Method: ExperimentMethod.Ptq, Bits: 2 });
        var result = new ExperimentResult(done.Id, done, ExperimentStatus.Succeeded, 0.9, 0.91, 1, 4, 0.1, 3 * CostModel.ExperimentSeconds(done), "silo", 1, null, null, DateTimeOffset.UtcNow);
        var unfinished = experiments.Where(e => e.Id != done.Id).ToList();

        var eta = SweepEta.Seconds(unfinished, [result], new Dictionary<string, ExperimentUpdate>(), new Dictionary<string, double>(), slots: 1);

        var expected = unfinished.Sum(e => CostModel.ExperimentSeconds(e) * (e is { Model: "cnn", Method: ExperimentMethod.Ptq } ? 3 : 1))
            + CostModel.BaselineSeconds(experiments.First(e => e.Model == "vgg16").Baseline);
        Assert.Equal(expected, eta!.Value, 6);
    }

    [Fact]
    public void A_measured_training_speed_scales_that_models_baseline_and_running_progress_is_taken_off()
    {
        var experiments = Spec.Expand().Where(e => e.Model == "vgg16").ToList();
        var baseline = experiments[0].Baseline;
        var running = new Dictionary<string, ExperimentUpdate>
        {
            [WorkItem.BaselineId(baseline)] = new(WorkItem.BaselineId(baseline), "silo", "TrainingFloat", 2, 4, 93, Batch: 0, Batches: 100),
        };
        var speeds = new Dictionary<string, double> { ["vgg16"] = CostModel.Speed("vgg16") / 2 };

        var eta = SweepEta.Seconds(experiments, [], running, speeds, slots: 1);

        var expected = (CostModel.BaselineSeconds(baseline) * 2 * 0.75) + experiments.Sum(e => CostModel.ExperimentSeconds(e) * 2);
        Assert.Equal(expected, eta!.Value, 6);
    }
}
