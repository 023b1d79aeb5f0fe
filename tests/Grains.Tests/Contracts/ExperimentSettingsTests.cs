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
}
