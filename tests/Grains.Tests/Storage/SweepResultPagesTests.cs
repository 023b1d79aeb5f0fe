using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using QuantGrid.Contracts;
using QuantGrid.Engine.Tests;
using QuantGrid.Grains.Storage;

namespace QuantGrid.Grains.Tests.Storage;

public sealed class SweepResultPagesTests : IDisposable
{
    private static readonly GrainId Sweep = GrainId.Create(SweepGrain.TypeName, "sweep-paged");
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Recording_a_result_rewrites_only_the_page_it_lands_in_and_every_page_reads_back()
    {
        await using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        using var owner = StateDirectoryLock.Acquire(temp.Path, exclusive: true);
        using var files = new FileGrainStorage(temp.Path, services.GetRequiredService<Serializer>(), owner);
        var storage = new CountingStorage(files);
        var pages = new SweepResultPages(storage, Sweep);
        var total = (2 * SweepResultPages.PageSize) + 88;

        for (var i = 0; i < total; i++)
        {
            Assert.True(pages.Add(Result(i)));
        }

        await pages.FlushAsync();
        Assert.Equal(["results-0", "results-1", "results-2"], storage.Writes);
        storage.Writes.Clear();
        Assert.True(pages.Add(Result(total)));
        Assert.False(pages.Add(Result(3) with { Accuracy = 0.1 }));
        await pages.FlushAsync();
        await pages.FlushAsync();
        Assert.Equal(["results-2"], storage.Writes);

        var loaded = new SweepResultPages(files, Sweep);
        await loaded.LoadAsync();
        Assert.Equal(3, loaded.PageCount);
        Assert.Equal(total + 1, loaded.Results.Count);
        Assert.Equal(0.5, loaded.Results[Result(3).ExperimentId].Accuracy);
        Assert.False(loaded.IsDirty);
    }

    private static ExperimentResult Result(int i)
    {
        var spec = new ExperimentSpec("cnn", ExperimentMethod.Ptq, 8, i, new ExperimentSettings());
        return new ExperimentResult(spec.Id, spec, ExperimentStatus.Succeeded, 0.5, 0.9, 1, 4, 0.1, 1, "silo", 1, null, null, DateTimeOffset.UnixEpoch);
    }

    private sealed class CountingStorage(IGrainStorage inner) : IGrainStorage
    {
        public List<string> Writes { get; } = [];

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            Writes.Add(stateName);
            return inner.WriteStateAsync(stateName, grainId, grainState);
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);
    }
}
