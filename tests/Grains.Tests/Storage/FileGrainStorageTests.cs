using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using QuantGrid.Engine.Tests;
using QuantGrid.Grains.Storage;

namespace QuantGrid.Grains.Tests.Storage;

public sealed class FileGrainStorageTests : IDisposable
{
    private static readonly GrainId Grain = GrainId.Create("test", "a");
    private readonly TempDirectory temp = new();
    private readonly ServiceProvider services = new ServiceCollection().AddSerializer().BuildServiceProvider();

    public void Dispose()
    {
        services.Dispose();
        temp.Dispose();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_write_from_a_stale_copy_is_rejected(bool exclusive)
    {
        using var owner = StateDirectoryLock.Acquire(temp.Path, exclusive);
        var storage = Storage(owner);
        var first = new GrainState<string>();
        var second = new GrainState<string>();
        await storage.ReadStateAsync("s", Grain, first);
        await storage.ReadStateAsync("s", Grain, second);

        first.State = "one";
        await storage.WriteStateAsync("s", Grain, first);
        second.State = "two";

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("s", Grain, second));
        var read = new GrainState<string>();
        await storage.ReadStateAsync("s", Grain, read);
        Assert.Equal(("one", first.ETag), (read.State, read.ETag));
    }

    [Fact]
    public async Task Many_concurrent_writes_are_all_kept_and_leave_no_temporary_files()
    {
        using var owner = StateDirectoryLock.Acquire(temp.Path, exclusive: true);
        var storage = Storage(owner);
        var grains = Enumerable.Range(0, 200).Select(i => GrainId.Create("test", $"g{i}")).ToList();

        await Task.WhenAll(grains.Select((g, i) => storage.WriteStateAsync("s", g, new GrainState<string>($"value {i}"))));

        var reader = Storage(null);
        for (var i = 0; i < grains.Count; i++)
        {
            var read = new GrainState<string>();
            await reader.ReadStateAsync("s", grains[i], read);
            Assert.Equal($"value {i}", read.State);
        }

        Assert.Empty(Directory.EnumerateFiles(temp.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Without_a_lock_the_state_is_read_only()
    {
        using (var owner = StateDirectoryLock.Acquire(temp.Path, exclusive: true))
        {
            await Storage(owner).WriteStateAsync("s", Grain, new GrainState<string>("kept"));
        }

        var reader = Storage(null);
        var read = new GrainState<string>();
        await reader.ReadStateAsync("s", Grain, read);

        Assert.Equal("kept", read.State);
        await Assert.ThrowsAsync<InvalidOperationException>(() => reader.WriteStateAsync("s", Grain, read));
    }

    [Fact]
    public void An_exclusive_lock_keeps_every_other_holder_out_until_released()
    {
        var holder = StateDirectoryLock.Acquire(temp.Path, exclusive: true);

        var refused = Assert.Throws<StateDirectoryInUseException>(() => StateDirectoryLock.Acquire(temp.Path, exclusive: true));
        Assert.Throws<StateDirectoryInUseException>(() => StateDirectoryLock.Acquire(temp.Path, exclusive: false));
        Assert.Contains($"pid {Environment.ProcessId}", refused.Message, StringComparison.Ordinal);

        holder.Dispose();
        StateDirectoryLock.Acquire(temp.Path, exclusive: true).Dispose();
    }

    [Fact]
    public void Shared_locks_coexist_and_keep_exclusive_ones_out()
    {
        using var first = StateDirectoryLock.Acquire(temp.Path, exclusive: false);
        using var second = StateDirectoryLock.Acquire(temp.Path, exclusive: false);

        Assert.Throws<StateDirectoryInUseException>(() => StateDirectoryLock.Acquire(temp.Path, exclusive: true));
    }

    private FileGrainStorage Storage(StateDirectoryLock? owner) => new(temp.Path, services.GetRequiredService<Serializer>(), owner);
}
