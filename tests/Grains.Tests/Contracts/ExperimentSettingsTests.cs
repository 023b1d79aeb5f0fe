using QuantGrid.Contracts;

namespace QuantGrid.Grains.Tests.Contracts;

public sealed class ExperimentSettingsTests
{
    [Fact]
    public void The_plain_recipe_keeps_earlier_ids_and_another_recipe_gets_its_own_experiments_and_baselines()
    {
        var plain = new ExperimentSpec("cnn", ExperimentMethod.Qat, 4, 0, new ExperimentSettings());
        var augmented = plain with { Settings = plain.Settings with { Recipe = "augmented" } };

        Assert.DoesNotContain("recipe", plain.Settings.Canonical, StringComparison.Ordinal);
        Assert.EndsWith(";recipe=augmented", augmented.Settings.Canonical, StringComparison.Ordinal);
        Assert.NotEqual(plain.Id, augmented.Id);
        Assert.NotEqual(plain.Baseline.Key, augmented.Baseline.Key);
        Assert.Equal(plain.Baseline.Key, (plain with { Bits = 2, Method = ExperimentMethod.Ptq }).Baseline.Key);
    }

    [Fact]
    public void Distillation_is_part_of_a_qat_experiments_id_and_dropped_from_the_other_methods()
    {
        var spec = new SweepSpec(["cnn"], [ExperimentMethod.Float, ExperimentMethod.Ptq, ExperimentMethod.Qat], [4], [0], new ExperimentSettings(Distill: true));
        var plain = spec with { Settings = new ExperimentSettings() };

        var (distilled, labels) = (spec.Expand(), plain.Expand());

        Assert.Equal(labels.Where(e => e.Method != ExperimentMethod.Qat).Select(e => e.Id), distilled.Where(e => e.Method != ExperimentMethod.Qat).Select(e => e.Id));
        Assert.NotEqual(labels.Single(e => e.Method == ExperimentMethod.Qat).Id, distilled.Single(e => e.Method == ExperimentMethod.Qat).Id);
        Assert.True(CostModel.ExperimentTrainingSeconds(distilled.Single(e => e.Method == ExperimentMethod.Qat)) > CostModel.ExperimentTrainingSeconds(labels.Single(e => e.Method == ExperimentMethod.Qat)));
    }

    [Fact]
    public void The_depthwise_edge_policy_renames_only_mobilenets_experiments_below_8_bits()
    {
        var depthwise = new SweepSpec(["cnn", "mobilenet"], [ExperimentMethod.Float, ExperimentMethod.Ptq, ExperimentMethod.Qat], [2, 8], [0], new ExperimentSettings(EdgeLayers: ExperimentSettings.DepthwiseEdges));
        var eightBit = depthwise with { Settings = new ExperimentSettings() };

        var renamed = depthwise.Expand().Select(e => e.Id).Except(eightBit.Expand().Select(e => e.Id)).ToList();

        Assert.Equal(2, renamed.Count);
        Assert.All(renamed, id => Assert.Matches("^mobilenet-(ptq|qat)-w2a2-", id));
        Assert.NotEqual(eightBit.Id, depthwise.Id);
        Assert.Equal((eightBit with { Models = ["cnn"] }).Id, (depthwise with { Models = ["cnn"] }).Id);
        Assert.Equal((eightBit with { Bits = [8] }).Id, (depthwise with { Bits = [8] }).Id);
    }

    [Fact]
    public void The_contracts_and_the_engine_agree_on_which_models_have_depthwise_layers_and_on_the_plain_recipe()
    {
        Assert.Equal(
            Engine.Models.ModelRegistry.All.Where(m => m.HasDepthwiseLayers).Select(m => m.Name),
            ExperimentSettings.ModelsWithDepthwiseLayers);
        Assert.Equal(Engine.Training.TrainingRecipe.Plain, ExperimentSettings.PlainRecipe);
    }

    [Fact]
    public void Auto_calibration_becomes_mse_for_the_cnns_ptq_below_4_bits_only_so_the_other_experiments_keep_their_ids()
    {
        var spec = new SweepSpec(["cnn", "mobilenet", "vgg16"], [ExperimentMethod.Float, ExperimentMethod.Ptq, ExperimentMethod.Qat], [2, 3, 4, 8], [0], new ExperimentSettings());

        var experiments = spec.Expand();

        Assert.All(experiments, e => Assert.Equal(e is { Model: "cnn", Method: ExperimentMethod.Ptq, Bits: < 4 } ? "mse" : "auto", e.Settings.Calibration));
        var wideActivations = new SweepSpec(["cnn"], [ExperimentMethod.Ptq], [2], [0], new ExperimentSettings(ActivationBits: 8)).Expand().Single();
        Assert.Equal("mse", wideActivations.Settings.Calibration);
        var mapped = (spec with { Bits = [], BitMaps = ["w2-2-2/a2-2-2"] }).Expand().Where(e => e.Model == "cnn" && e.Method == ExperimentMethod.Ptq).Single();
        Assert.Equal("auto", mapped.Settings.Calibration);
    }
}
