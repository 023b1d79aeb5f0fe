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
}
