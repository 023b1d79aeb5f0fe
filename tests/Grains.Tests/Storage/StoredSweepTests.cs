using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using QuantGrid.Contracts;
using QuantGrid.Engine.Tests;
using QuantGrid.Grains.State;
using QuantGrid.Grains.Storage;

namespace QuantGrid.Grains.Tests.Storage;

public sealed class StoredSweepTests : IDisposable
{
    private static readonly SweepSpec Spec = new(["cnn"], [ExperimentMethod.Ptq, ExperimentMethod.Qat], [2, 8], [0], new ExperimentSettings());
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task A_stopped_sweep_is_read_from_its_file_with_its_running_work_counted_as_waiting()
    {
        var experiments = Spec.Expand();
        var statuses = new[] { ExperimentStatus.Failed, ExperimentStatus.Running, ExperimentStatus.Succeeded, ExperimentStatus.Pending };
        var sweep = new SweepState { Spec = Spec };
        for (var i = 0; i < experiments.Count; i++)
        {
            sweep.Experiments[experiments[i].Id] = experiments[i];
            sweep.Statuses[experiments[i].Id] = statuses[i];
        }

        foreach (var (experiment, status) in new[] { (experiments[2], ExperimentStatus.Succeeded), (experiments[0], ExperimentStatus.Failed) })
        {
            sweep.Results[experiment.Id] = new ExperimentResult(experiment.Id, experiment, status, 0.9, 0.91, 1, 4, 0.1, 3, "silo", 1, null, null, DateTimeOffset.UtcNow);
        }

        await WriteAsync(Spec.Id, sweep);

        var stored = await StoredSweep.ReadAsync(temp.Path, Spec.Id);

        Assert.NotNull(stored);
        Assert.Equal(Spec.Id, stored.Spec.Id);
        Assert.Equal(new SweepStatus(Spec.Id, 4, 1, 1, 0, 2), stored.Status);
        Assert.Equal(new[] { experiments[0].Id, experiments[2].Id }.Order(StringComparer.Ordinal), stored.Results.Select(r => r.ExperimentId));
    }

    [Fact]
    public async Task A_sweep_whose_results_are_paged_is_read_with_every_page()
    {
        var experiments = Spec.Expand();
        var sweep = new SweepState { Spec = Spec };
        foreach (var experiment in experiments)
        {
            sweep.Experiments[experiment.Id] = experiment;
        }

        await WriteAsync(Spec.Id, sweep);
        await using (var services = new ServiceCollection().AddSerializer().BuildServiceProvider())
        {
            using var owner = StateDirectoryLock.Acquire(temp.Path, exclusive: true);
            using var storage = new FileGrainStorage(temp.Path, services.GetRequiredService<Serializer>(), owner);
            var pages = new SweepResultPages(storage, GrainId.Create(SweepGrain.TypeName, Spec.Id));
            pages.Add(new ExperimentResult(experiments[1].Id, experiments[1], ExperimentStatus.Failed, null, null, null, null, null, 3, "silo", 3, "no", null, DateTimeOffset.UtcNow));
            pages.Add(new ExperimentResult(experiments[3].Id, experiments[3], ExperimentStatus.Succeeded, 0.9, 0.91, 1, 4, 0.1, 3, "silo", 1, null, null, DateTimeOffset.UtcNow));
            await pages.FlushAsync();
        }

        var stored = await StoredSweep.ReadAsync(temp.Path, Spec.Id);

        Assert.NotNull(stored);
        Assert.Equal(new SweepStatus(Spec.Id, 4, 1, 1, 0, 2), stored.Status);
        Assert.Equal(new[] { experiments[1].Id, experiments[3].Id }.Order(StringComparer.Ordinal), stored.Results.Select(r => r.ExperimentId));
    }

    [Fact]
    public async Task A_sweep_the_state_does_not_hold_reads_as_null()
    {
        await WriteAsync("sweep-other", new SweepState { Spec = Spec });

        Assert.Null(await StoredSweep.ReadAsync(temp.Path, Spec.Id));
        Assert.Null(await StoredSweep.ReadAsync(Path.Combine(temp.Path, "missing"), Spec.Id));
    }

    private async Task WriteAsync(string sweepId, SweepState sweep)
    {
        await using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        using var owner = StateDirectoryLock.Acquire(temp.Path, exclusive: true);
        using var storage = new FileGrainStorage(temp.Path, services.GetRequiredService<Serializer>(), owner);
        await storage.WriteStateAsync(SweepGrain.StateName, GrainId.Create(SweepGrain.TypeName, sweepId), new GrainState<SweepState>(sweep));
    }
}
