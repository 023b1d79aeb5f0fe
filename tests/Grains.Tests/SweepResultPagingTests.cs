using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using QuantGrid.Contracts;
using QuantGrid.Grains.State;
using QuantGrid.Grains.Storage;

namespace QuantGrid.Grains.Tests;

/// <summary>A sweep's results in pages: what a sweep stored before paging becomes, and what the grain writes.</summary>
public sealed class SweepResultPagingTests(FaultClusterFixture fixture) : IClassFixture<FaultClusterFixture>
{
    [Fact]
    public async Task A_sweep_stored_before_results_were_paged_keeps_its_results_and_runs_only_its_unfinished_experiments()
    {
        var spec = new SweepSpec(["cnn"], [ExperimentMethod.Ptq, ExperimentMethod.Qat], [2, 4, 8], [31], new ExperimentSettings(TestLimit: 31));
        var experiments = spec.Expand();
        var finished = experiments.Take(4).ToList();
        var legacy = new SweepState { Spec = spec, CreatedUtc = DateTimeOffset.UtcNow };
        foreach (var experiment in experiments)
        {
            legacy.Experiments[experiment.Id] = experiment;
            legacy.Statuses[experiment.Id] = ExperimentStatus.Pending;
        }

        foreach (var experiment in finished)
        {
            legacy.Statuses[experiment.Id] = ExperimentStatus.Succeeded;
            legacy.Results[experiment.Id] = new ExperimentResult(experiment.Id, experiment, ExperimentStatus.Succeeded, 0.5, 0.91, 1, 4, 0.1, 3, "legacy", 1, null, null, DateTimeOffset.UtcNow);
        }

        var grain = GrainId.Create(SweepGrain.TypeName, spec.Id);
        await Storage.WriteStateAsync(SweepGrain.StateName, grain, new GrainState<SweepState>(legacy));
        var sweep = fixture.Cluster.Client.GetGrain<ISweepGrain>(spec.Id);

        Assert.Equal((6, 4, 2), await CountsAsync(sweep));
        await sweep.StartAsync(spec);
        var results = await WaitAsync(sweep, experiments.Count);

        Assert.All(results.Where(r => finished.Any(f => f.Id == r.ExperimentId)), r => Assert.Equal(("legacy", 0.5), (r.Silo, r.Accuracy)));
        Assert.All(finished, f => Assert.False(fixture.Executor.Runs.ContainsKey(f.Id)));
        Assert.All(experiments.Skip(4), e => Assert.Equal(1, fixture.Executor.Runs[e.Id]));
        var stored = new GrainState<SweepState>();
        await Storage.ReadStateAsync(SweepGrain.StateName, grain, stored);
        Assert.Empty(stored.State!.Results);
        Assert.Empty(stored.State.Statuses);
        var pages = new SweepResultPages(Storage, grain);
        await pages.LoadAsync();
        Assert.Equal(experiments.Select(e => e.Id).Order(StringComparer.Ordinal), pages.Results.Keys.Order(StringComparer.Ordinal));
    }

    private IGrainStorage Storage => fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);

    private static async Task<(int Total, int Done, int Pending)> CountsAsync(ISweepGrain sweep)
    {
        var status = await sweep.GetStatusAsync();
        return (status.Total, status.Done, status.Pending);
    }

    private static async Task<IReadOnlyList<ExperimentResult>> WaitAsync(ISweepGrain sweep, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var results = await sweep.GetResultsAsync();
            if (results.Length == count)
            {
                return results;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"sweep did not finish: {await sweep.GetStatusAsync()}");
    }
}
