using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using QuantGrid.Contracts;
using QuantGrid.Grains.State;
using QuantGrid.Grains.Storage;

namespace QuantGrid.Grains.Tests;

public sealed class SweepStoredByEarlierVersionTests(FaultClusterFixture fixture) : IClassFixture<FaultClusterFixture>
{
    [Fact]
    public async Task A_sweep_stored_under_ids_an_earlier_version_derived_finishes_and_runs_no_finished_experiment_again()
    {
        var spec = new SweepSpec(["cnn"], [ExperimentMethod.Ptq], [4, 8], [31], new ExperimentSettings(TestLimit: 310));
        var (finished, unfinished) = (spec.Expand()[0], spec.Expand()[1]);
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);
        var grain = GrainId.Create(SweepGrain.TypeName, spec.Id);
        var stored = new SweepState { Spec = spec, CreatedUtc = DateTimeOffset.UtcNow };
        stored.Experiments[$"{finished.Id}-earlier"] = finished;
        stored.Experiments[$"{unfinished.Id}-earlier"] = unfinished;
        await storage.WriteStateAsync(SweepGrain.StateName, grain, new GrainState<SweepState>(stored));
        var pages = new SweepResultPages(storage, grain);
        pages.Add(new ExperimentResult($"{finished.Id}-earlier", finished, ExperimentStatus.Succeeded, 0.9, 0.91, 10, 40, 0.1, 1, "earlier silo", 1, null, null, DateTimeOffset.UtcNow));
        await pages.FlushAsync();
        var sweep = fixture.Cluster.Client.GetGrain<ISweepGrain>(spec.Id);

        await sweep.StartAsync(spec);
        var results = await FaultHandlingTests.WaitAsync(sweep, spec);

        Assert.Equal(new[] { $"{finished.Id}-earlier", unfinished.Id }.Order(StringComparer.Ordinal), results.Select(r => r.ExperimentId).Order(StringComparer.Ordinal));
        Assert.All(results, r => Assert.Equal(ExperimentStatus.Succeeded, r.Status));
        Assert.False(fixture.Executor.Runs.ContainsKey(finished.Id), "a finished experiment ran again under its new id");
        Assert.Equal(1, fixture.Executor.Runs[unfinished.Id]);
        Assert.True((await sweep.GetStatusAsync()).IsComplete);
    }
}
