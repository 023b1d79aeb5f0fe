using QuantGrid.Contracts;

namespace QuantGrid.Grains.Tests.Contracts;

public sealed class CostModelTests
{
    private static readonly ExperimentSettings Auto = new();

    [Theory]
    [InlineData("cnn")]
    [InlineData("vgg16")]
    public void Low_bit_ptq_with_auto_rounding_costs_adaround_on_top_of_nearest_rounding(string model)
    {
        var nearest = new ExperimentSpec(model, ExperimentMethod.Ptq, 2, 0, Auto with { Rounding = "nearest" });
        var auto = nearest with { Settings = Auto.For(ExperimentMethod.Ptq, 2) };
        var wide = nearest with { Bits = 4, Settings = Auto.For(ExperimentMethod.Ptq, 4) };

        Assert.True(CostModel.ExperimentSeconds(auto) > CostModel.ExperimentSeconds(nearest));
        Assert.Equal(CostModel.ExperimentSeconds(nearest), CostModel.ExperimentSeconds(wide), 6);
    }

    [Fact]
    public void Under_a_bit_map_auto_rounding_costs_the_share_of_layers_it_learns()
    {
        var nearest = new ExperimentSpec("vgg16", ExperimentMethod.Ptq, 8, 0, Auto with { Rounding = "nearest" }, "w8-2-8-8/a8-8-8-8");
        var oneLayer = nearest with { Settings = Auto };
        var twoLayers = oneLayer with { BitMap = "w8-2-3-8/a8-8-8-8" };
        var everyLayer = oneLayer with { Settings = Auto with { Rounding = "adaround" } };

        var extra = CostModel.ExperimentSeconds(oneLayer) - CostModel.ExperimentSeconds(nearest);
        Assert.True(extra > 0);
        Assert.Equal(2 * extra, CostModel.ExperimentSeconds(twoLayers) - CostModel.ExperimentSeconds(nearest), 6);
        Assert.Equal(4 * extra, CostModel.ExperimentSeconds(everyLayer) - CostModel.ExperimentSeconds(nearest), 6);
    }

    [Fact]
    public void At_measured_speeds_each_models_work_scales_by_its_own_speed_ratio()
    {
        var both = new SweepSpec(["cnn", "vgg16"], [ExperimentMethod.Float, ExperimentMethod.Ptq, ExperimentMethod.Qat], [2, 4], [0], Auto);
        var cnn = both with { Models = ["cnn"] };
        var vgg = both with { Models = ["vgg16"] };
        var halfSpeedVgg = new Dictionary<string, double> { ["vgg16"] = CostModel.Speed("vgg16") / 2 };

        Assert.Equal(CostModel.Estimate(both).TotalSeconds, CostModel.Estimate(both, new Dictionary<string, double>()).TotalSeconds, 6);
        Assert.Equal(
            CostModel.Estimate(cnn).TotalSeconds + (2 * CostModel.Estimate(vgg).TotalSeconds),
            CostModel.Estimate(both, halfSpeedVgg).TotalSeconds,
            6);
    }
}
