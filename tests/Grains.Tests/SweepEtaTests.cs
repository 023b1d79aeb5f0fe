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
    public void Probed_speeds_stand_in_for_a_models_float_training_speed_until_it_reports_its_own()
    {
        var experiments = Spec.Expand().ToList();
        var vgg = Spec with { Models = ["vgg16"] };
        var cnn = Spec with { Models = ["cnn"] };
        var probed = new Dictionary<string, double> { ["vgg16"] = CostModel.Speed("vgg16") / 4, ["cnn"] = CostModel.Speed("cnn") };

        var withProbe = SweepEta.Seconds(experiments, [], NoneRunning, NoSpeeds, slots: 1, probedSpeeds: probed);
        var measuredToo = SweepEta.Seconds(experiments, [], NoneRunning, new Dictionary<string, double> { ["vgg16"] = CostModel.Speed("vgg16") / 2 }, slots: 1, probedSpeeds: probed);

        Assert.Equal(CostModel.Estimate(cnn).TotalSeconds + (4 * CostModel.Estimate(vgg).TotalSeconds), withProbe!.Value, 6);
        Assert.Equal(CostModel.Estimate(cnn).TotalSeconds + (2 * CostModel.Estimate(vgg).TotalSeconds), measuredToo!.Value, 6);
    }

    [Fact]
    public void A_finished_experiment_rescales_its_own_kind_whole_and_only_the_evaluation_of_its_models_other_work()
    {
        var spec = Spec with { Seeds = [0, 1] };
        var experiments = spec.Expand().ToList();
        var done = experiments.First(e => e is { Model: "cnn", Method: ExperimentMethod.Ptq, Bits: 8, Seed: 0 });
        var unfinished = experiments.Where(e => e.Id != done.Id).ToList();

        var eta = SweepEta.Seconds(unfinished, [Succeeded(done, 3 * CostModel.ExperimentSeconds(done))], NoneRunning, NoSpeeds, slots: 1);

        var expected = unfinished.Sum(e => e switch
        {
            { Model: "cnn", Method: ExperimentMethod.Ptq, Bits: 8 } => 3 * CostModel.ExperimentSeconds(e),
            { Model: "cnn" } => CostModel.ExperimentTrainingSeconds(e) + (3 * CostModel.ExperimentEvaluationSeconds(e)),
            _ => CostModel.ExperimentSeconds(e),
        }) + experiments.Where(e => e.Model == "vgg16" || e.Seed == 1).Select(e => e.Baseline).DistinctBy(b => b.Key).Sum(CostModel.BaselineSeconds);
        Assert.Equal(expected, eta!.Value, 6);
    }

    [Fact]
    public void Learned_rounding_is_its_own_kind_so_nearest_rounding_ptq_does_not_rescale_it()
    {
        var experiments = Spec.Expand().Where(e => e is { Model: "vgg16", Method: ExperimentMethod.Ptq }).ToList();
        var nearest = experiments.Single(e => e.Bits == 8);
        var adaptive = experiments.Single(e => e.Bits == 2);
        Assert.True(CostModel.LearnsRounding(adaptive));

        var eta = SweepEta.Seconds([adaptive], [Succeeded(nearest, 2 * CostModel.ExperimentSeconds(nearest))], NoneRunning, NoSpeeds, slots: 1);

        Assert.Equal(CostModel.ExperimentTrainingSeconds(adaptive) + (2 * CostModel.ExperimentEvaluationSeconds(adaptive)), eta!.Value, 6);
    }

    [Fact]
    public void A_model_not_measured_yet_takes_the_geometric_mean_of_the_measured_models_training_factors()
    {
        var experiments = Spec.Expand().Where(e => e.Model == "vgg16").ToList();
        var speeds = new Dictionary<string, double> { ["cnn"] = CostModel.Speed("cnn") / 2, ["mobilenet"] = CostModel.Speed("mobilenet") / 8 };

        var eta = SweepEta.Seconds(experiments, [], NoneRunning, speeds, slots: 1);

        Assert.Equal(4 * (experiments.Sum(CostModel.ExperimentSeconds) + CostModel.BaselineSeconds(experiments[0].Baseline)), eta!.Value, 6);
    }

    [Fact]
    public void Running_work_without_a_fraction_done_counts_what_is_left_of_its_estimate_after_the_time_it_ran()
    {
        var experiment = Spec.Expand().First(e => e is { Model: "vgg16", Method: ExperimentMethod.Ptq, Bits: 2 });
        var estimate = CostModel.ExperimentSeconds(experiment);
        var now = DateTimeOffset.UtcNow;
        ExperimentUpdate Calibrating(double ranSeconds) => new(experiment.Id, "silo", "Calibrating", 0, 0, null, StartedUtc: now.AddSeconds(-ranSeconds));

        var halfway = SweepEta.Seconds([experiment], [], new Dictionary<string, ExperimentUpdate> { [experiment.Id] = Calibrating(estimate / 2) }, NoSpeeds, slots: 1, now);
        var overdue = SweepEta.Seconds([experiment], [], new Dictionary<string, ExperimentUpdate> { [experiment.Id] = Calibrating(estimate * 2) }, NoSpeeds, slots: 1, now);

        Assert.Equal(estimate / 2, halfway!.Value, 3);
        Assert.Equal(estimate / 20, overdue!.Value, 3);
    }

    [Fact]
    public void Learning_the_rounding_takes_off_the_share_of_its_layers_done_like_fine_tuning_its_epochs()
    {
        var experiment = Spec.Expand().First(e => e is { Model: "vgg16", Method: ExperimentMethod.Ptq, Bits: 2 });
        var now = DateTimeOffset.UtcNow;
        var rounding = new ExperimentUpdate(experiment.Id, "silo", ExperimentUpdate.Rounding, 3, 4, 900, Batch: 0, Batches: 500, StartedUtc: now.AddHours(-1));

        var eta = SweepEta.Seconds([experiment], [], new Dictionary<string, ExperimentUpdate> { [experiment.Id] = rounding }, NoSpeeds, slots: 1, now);

        Assert.Equal((CostModel.ExperimentTrainingSeconds(experiment) / 2) + CostModel.ExperimentEvaluationSeconds(experiment), eta!.Value, 6);
    }

    [Fact]
    public void Qat_runs_at_the_fine_tuning_speed_that_its_model_reported()
    {
        var experiment = Spec.Expand().First(e => e is { Model: "vgg16", Method: ExperimentMethod.Qat, Bits: 2 });
        var fineTuning = new Dictionary<string, double> { ["vgg16"] = CostModel.Speed("vgg16") / CostModel.QatStepCost(experiment.Settings) / 3 };

        var eta = SweepEta.Seconds([experiment], [], NoneRunning, NoSpeeds, slots: 1, fineTuningSpeeds: fineTuning);

        var expected = (3 * CostModel.ExperimentTrainingSeconds(experiment)) + CostModel.ExperimentEvaluationSeconds(experiment) + CostModel.BaselineSeconds(experiment.Baseline);
        Assert.Equal(expected, eta!.Value, 6);
    }

    [Fact]
    public void Qat_of_a_model_not_fine_tuned_yet_is_priced_as_the_measured_models_qat_was_against_their_float_training()
    {
        var experiment = Spec.Expand().First(e => e is { Model: "vgg16", Method: ExperimentMethod.Qat, Bits: 2 });
        var training = new Dictionary<string, double> { ["mobilenet"] = CostModel.Speed("mobilenet") / 2, ["vgg16"] = CostModel.Speed("vgg16") / 4 };
        var fineTuning = new Dictionary<string, double> { ["mobilenet"] = CostModel.Speed("mobilenet") / CostModel.QatStepCost(experiment.Settings) / 1.6 };

        var eta = SweepEta.Seconds([experiment], [], NoneRunning, training, slots: 1, fineTuningSpeeds: fineTuning);

        var expected = (4 * 0.8 * CostModel.ExperimentTrainingSeconds(experiment)) + (4 * CostModel.ExperimentEvaluationSeconds(experiment)) + (4 * CostModel.BaselineSeconds(experiment.Baseline));
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

    private static readonly Dictionary<string, ExperimentUpdate> NoneRunning = [];
    private static readonly Dictionary<string, double> NoSpeeds = [];

    private static ExperimentResult Succeeded(ExperimentSpec spec, double seconds) =>
        new(spec.Id, spec, ExperimentStatus.Succeeded, 0.9, 0.91, 1, 4, 0.1, seconds, "silo", 1, null, null, DateTimeOffset.UtcNow);
}
