using System.Collections.Immutable;
using QuantGrid.Contracts;

namespace QuantGrid.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class SweepGrainTests(ClusterFixture fixture)
{
    private static readonly ExperimentSettings Tiny = new(Epochs: 1, QatEpochs: 1, TrainLimit: 600, TestLimit: 200, BatchSize: 64);

    [Fact]
    public async Task A_sweep_completes_with_each_experiment_exactly_once_and_one_baseline_per_model_and_seed()
    {
        var spec = new SweepSpec(["cnn"], [ExperimentMethod.Float, ExperimentMethod.Ptq, ExperimentMethod.Qat], [2, 8], [0, 1], Tiny with { Epochs = 2 });
        var sweep = fixture.Grains.GetGrain<ISweepGrain>(spec.Id);

        var started = await sweep.StartAsync(spec);
        var status = await WaitAsync(sweep);
        var results = await sweep.GetResultsAsync();

        Assert.Equal(10, started.Total);
        Assert.Equal((10, 10, 0), (status.Total, status.Succeeded, status.Failed));
        Assert.Equal(spec.Expand().Select(e => e.Id).Order(StringComparer.Ordinal), results.Select(r => r.ExperimentId).Order(StringComparer.Ordinal));
        Assert.All(results, r => Assert.InRange(r.Accuracy!.Value, 0.3, 1.0));
        Assert.Equal(spec.FloatTrainings, Baselines(spec).Count);
        Assert.Equal(10, Experiments(spec).Count);
        Assert.All(results.Where(r => r.Spec.Method != ExperimentMethod.Float), r => Assert.True(r.ModelBytes < r.FloatModelBytes));
    }

    [Fact]
    public async Task Starting_a_finished_sweep_again_runs_nothing_and_returns_its_status()
    {
        var spec = new SweepSpec(["cnn"], [ExperimentMethod.Float, ExperimentMethod.Ptq], [4], [3], Tiny);
        var sweep = fixture.Grains.GetGrain<ISweepGrain>(spec.Id);
        await sweep.StartAsync(spec);
        var first = await WaitAsync(sweep);
        var ran = Experiments(spec).Count + Baselines(spec).Count;

        var again = await sweep.StartAsync(spec);
        await Task.Delay(500, TestContext.Current.CancellationToken);

        Assert.Equal(first, again);
        Assert.Equal(ran, Experiments(spec).Count + Baselines(spec).Count);
        Assert.Equal(2, (await sweep.GetResultsAsync()).Length);
    }

    [Fact]
    public async Task Gpu_preferring_models_run_on_the_gpu_silo_never_on_the_cpu_silo()
    {
        var spec = new SweepSpec(["cnn", "vgg16"], [ExperimentMethod.Float], [8], [0], Tiny with { TrainLimit = 128, TestLimit = 50 });
        var sweep = fixture.Grains.GetGrain<ISweepGrain>(spec.Id);

        await sweep.StartAsync(spec);
        await WaitAsync(sweep);

        var ran = Experiments(spec).Concat(Baselines(spec)).ToList();
        Assert.NotEmpty(ran);
        Assert.All(ran.Where(entry => entry.Key.StartsWith("vgg16", StringComparison.Ordinal)), entry => Assert.Equal("gpu", fixture.Roles[entry.Silo]));
        Assert.Contains(ran, entry => entry.Key.StartsWith("vgg16", StringComparison.Ordinal));
        Assert.Contains(ran, entry => entry.Key.StartsWith("cnn", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_sweep_id_that_does_not_match_its_grid_is_refused()
    {
        var spec = new SweepSpec(["cnn"], [ExperimentMethod.Float], [8], [0], Tiny);

        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Grains.GetGrain<ISweepGrain>("sweep-wrong").StartAsync(spec));
    }

    private List<(string Silo, string Kind, string Key)> Experiments(SweepSpec spec)
    {
        var ids = spec.Expand().Select(e => e.Id).ToHashSet();
        return [.. fixture.Log.Where(e => e.Kind == "experiment" && ids.Contains(e.Key))];
    }

    private List<(string Silo, string Kind, string Key)> Baselines(SweepSpec spec)
    {
        var keys = spec.Expand().Select(e => e.Baseline.Key).ToHashSet();
        return [.. fixture.Log.Where(e => e.Kind == "baseline" && keys.Contains(e.Key))];
    }

    private static async Task<SweepStatus> WaitAsync(ISweepGrain sweep)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (DateTime.UtcNow < deadline)
        {
            var status = await sweep.GetStatusAsync();
            if (status.IsComplete)
            {
                return status;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        var results = await sweep.GetResultsAsync();
        throw new TimeoutException($"sweep did not finish: {await sweep.GetStatusAsync()}; errors: {string.Join("; ", results.Select(r => r.Error))}");
    }
}
