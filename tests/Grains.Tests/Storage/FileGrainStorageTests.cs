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
    public async Task Repeated_writes_keep_two_slot_files_and_read_back_the_last()
    {
        using var owner = StateDirectoryLock.Acquire(temp.Path, exclusive: true);
        var storage = Storage(owner);
        var state = new GrainState<string>();
        await storage.ReadStateAsync("s", Grain, state);

        for (var i = 0; i < 5; i++)
        {
            state.State = $"value {i}";
            await storage.WriteStateAsync("s", Grain, state);
        }

        var read = new GrainState<string>();
        await Storage(null).ReadStateAsync("s", Grain, read);
        Assert.Equal(("value 4", state.ETag), (read.State, read.ETag));
        Assert.Equal(2, StateFiles().Length);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_torn_newest_slot_reads_as_the_write_before_it_and_is_written_over_next(bool exclusive)
    {
        var state = new GrainState<string>();
        string? firstETag;
        using (var owner = StateDirectoryLock.Acquire(temp.Path, exclusive: true))
        {
            var storage = Storage(owner);
            state.State = "one";
            await storage.WriteStateAsync("s", Grain, state);
            firstETag = state.ETag;
            state.State = "two";
            await storage.WriteStateAsync("s", Grain, state);
        }

        var newest = StateFiles().Single(f => Read(f) == "two");
        var bytes = File.ReadAllBytes(newest);
        File.WriteAllBytes(newest, bytes[..(bytes.Length / 2)]);

        using (var owner = StateDirectoryLock.Acquire(temp.Path, exclusive))
        {
            var storage = Storage(owner);
            var read = new GrainState<string>();
            await storage.ReadStateAsync("s", Grain, read);
            Assert.Equal(("one", firstETag), (read.State, read.ETag));

            read.State = "three";
            await storage.WriteStateAsync("s", Grain, read);
        }

        var again = new GrainState<string>();
        await Storage(null).ReadStateAsync("s", Grain, again);
        Assert.Equal("three", again.State);
        Assert.Equal(["one", "three"], StateFiles().Select(Read).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_state_in_the_earlier_one_file_layout_is_read_then_moved_to_slots_by_its_next_write()
    {
        using (var owner = StateDirectoryLock.Acquire(temp.Path, exclusive: true))
        {
            await Storage(owner).WriteStateAsync("s", Grain, new GrainState<string>("placeholder"));
        }

        var slot = Assert.Single(StateFiles());
        var legacy = slot.Replace(".a.state", ".state", StringComparison.Ordinal);
        var payload = services.GetRequiredService<Serializer>().SerializeToArray("old");
        File.WriteAllBytes(legacy, [.. BitConverter.GetBytes(3), .. "abc"u8, .. payload]);
        File.Delete(slot);

        using (var owner = StateDirectoryLock.Acquire(temp.Path, exclusive: true))
        {
            var storage = Storage(owner);
            var read = new GrainState<string>();
            await storage.ReadStateAsync("s", Grain, read);
            Assert.Equal(("old", "abc"), (read.State, read.ETag));

            read.State = "new";
            await storage.WriteStateAsync("s", Grain, read);
        }

        Assert.False(File.Exists(legacy));
        var again = new GrainState<string>();
        await Storage(null).ReadStateAsync("s", Grain, again);
        Assert.Equal("new", again.State);
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

    private string[] StateFiles() => Directory.GetFiles(temp.Path, "*.state", SearchOption.AllDirectories);

    /// <summary>The state a slot file holds, or null when it is torn.</summary>
    private string? Read(string slotFile) =>
        StateSlots.TryDecode(0, File.ReadAllBytes(slotFile)) is { } slot ? services.GetRequiredService<Serializer>().Deserialize<string>(slot.Payload) : null;

    private FileGrainStorage Storage(StateDirectoryLock? owner) => new(temp.Path, services.GetRequiredService<Serializer>(), owner);
}
