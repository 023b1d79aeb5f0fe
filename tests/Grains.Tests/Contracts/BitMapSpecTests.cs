using QuantGrid.Contracts;

namespace QuantGrid.Grains.Tests.Contracts;

public sealed class BitMapSpecTests
{
    private static readonly ExperimentSettings Settings = new(TestLimit: 500);

    [Fact]
    public void A_bit_map_is_part_of_an_experiments_identity()
    {
        var uniform = new ExperimentSpec("cnn", ExperimentMethod.Ptq, 8, 0, Settings);
        var mixed = uniform with { BitMap = "w8-4-2/a8-8-8" };
        var other = uniform with { BitMap = "w8-2-4/a8-8-8" };

        Assert.StartsWith("cnn-ptq-mixed-s0-", mixed.Id, StringComparison.Ordinal);
        Assert.Equal(3, new[] { uniform.Id, mixed.Id, other.Id }.Distinct().Count());
        Assert.Equal(mixed.Id, (uniform with { BitMap = "w8-4-2/a8-8-8" }).Id);
        Assert.Equal("w8-4-2/a8-8-8", mixed.Widths);
        Assert.Equal("W8A8", uniform.Widths);
    }

    [Fact]
    public void The_widest_widths_of_a_map_name_its_bits()
    {
        Assert.Equal((6, 4), (BitMapWidths.MaxWeightBits("wf-6-2/af-4-4"), BitMapWidths.MaxActivationBits("wf-6-2/af-4-4")));
        Assert.Equal(8, BitMapWidths.MaxActivationBits("w2-3"));
        Assert.Equal((2, 0), (BitMapWidths.MinWeightBits("wf-6-2/af-4-4"), BitMapWidths.MinWeightBits("wf-f")));
    }

    [Fact]
    public void Auto_rounding_stays_only_on_ptq_experiments_with_a_layer_of_at_most_3_weight_bits()
    {
        var spec = new SweepSpec(["cnn"], [ExperimentMethod.Float, ExperimentMethod.Ptq, ExperimentMethod.Qat], [3, 4], [0], Settings) { BitMaps = ["w8-2-8/a8-8-8", "w8-4-f/a8-8-f"] };

        var auto = spec.Expand().Where(e => e.Settings.Rounding == "auto").Select(e => e.Widths).Order(StringComparer.Ordinal);

        Assert.Equal(["W3A3", "w8-2-8/a8-8-8"], auto);
        Assert.Equal(Engine.Quantization.RoundingOption.AutoAdaptiveMaxBits, ExperimentSettings.AutoAdaptiveRoundingMaxBits);
        Assert.All(spec.Expand().Where(e => e.Method != ExperimentMethod.Ptq), e => Assert.Equal("nearest", e.Settings.Rounding));
        Assert.NotEqual(spec.Id, (spec with { Settings = Settings with { Rounding = "nearest" } }).Id);
        var wide = spec with { Bits = [4, 8], BitMaps = ["w8-4-f/a8-8-f"] };
        Assert.Equal(wide.Id, (wide with { Settings = Settings with { Rounding = "nearest" } }).Id);
    }

    [Fact]
    public void A_sweep_runs_every_bit_map_by_every_quantizing_method_and_seed_beside_its_uniform_bits()
    {
        var plain = new SweepSpec(["cnn"], [ExperimentMethod.Float, ExperimentMethod.Ptq, ExperimentMethod.Qat], [4], [0, 1], Settings);
        var spec = plain with { BitMaps = ["w8-4-2/a8-8-8", "wf-2-f/af-8-f"] };

        var experiments = spec.Expand();

        Assert.Equal(2 * (1 + 2 + 2 + 2), experiments.Count);
        Assert.Equal(8, experiments.Count(e => e.BitMap is not null));
        Assert.All(experiments.Where(e => e.BitMap == "wf-2-f/af-8-f"), e => Assert.Equal(2, e.Bits));
        Assert.NotEqual(plain.Id, spec.Id);
        Assert.Equal(plain.Id, (plain with { BitMaps = [] }).Id);
    }

    [Fact]
    public void A_validation_split_changes_the_baseline_and_skipping_the_test_split_changes_only_the_experiment()
    {
        var spec = new ExperimentSpec("cnn", ExperimentMethod.Ptq, 4, 0, Settings);
        var validated = spec with { Settings = Settings with { Validation = 5000 } };
        var probe = spec with { Settings = Settings with { Validation = 5000, EvaluateTest = false } };

        Assert.NotEqual(spec.Baseline.Key, validated.Baseline.Key);
        Assert.Equal(validated.Baseline.Key, probe.Baseline.Key);
        Assert.Equal(3, new[] { spec.Id, validated.Id, probe.Id }.Distinct().Count());
        Assert.DoesNotContain("validation", Settings.Canonical, StringComparison.Ordinal);
    }

    [Fact]
    public void The_summary_keeps_each_bit_map_in_its_own_row_with_its_validation_drop()
    {
        var mixed = new ExperimentSpec("cnn", ExperimentMethod.Ptq, 4, 0, Settings, "w4-2-2/a8-8-8");
        var uniform = new ExperimentSpec("cnn", ExperimentMethod.Ptq, 4, 0, Settings);
        ExperimentResult Result(ExperimentSpec spec, double validation) =>
            new(spec.Id, spec, ExperimentStatus.Succeeded, 0.9, 0.91, 1000, 80_000, 0.1, 1, "silo", 1, null, null, DateTimeOffset.UtcNow, null, validation, 0.92);

        var rows = SweepSummary.Compute([Result(mixed, 0.90), Result(uniform, 0.915)]);

        Assert.Equal(2, rows.Count);
        Assert.Null(rows[0].BitMap);
        Assert.Equal("w4-2-2/a8-8-8", rows[1].BitMap);
        Assert.Equal(0.02, rows[1].ValidationDropMean!.Value, 9);
        Assert.Equal(0.90, rows[1].ValidationAccuracyMean!.Value, 9);
    }
}
