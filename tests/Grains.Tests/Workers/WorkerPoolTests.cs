using Microsoft.Extensions.Options;
using QuantGrid.Grains.Workers;

namespace QuantGrid.Grains.Tests.Workers;

public sealed class WorkerPoolTests
{
    [Fact]
    public async Task Runs_at_most_its_slots_at_once_and_every_item_once()
    {
        using var pool = Pool(slots: 3);
        var running = 0;
        var peak = 0;
        var tasks = Enumerable.Range(0, 12).Select(i => pool.RunAsync(
            _ =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref peak, now);
                Thread.Sleep(20);
                Interlocked.Decrement(ref running);
                return i;
            },
            CancellationToken.None)).ToList();

        var results = await Task.WhenAll(tasks);

        Assert.Equal(Enumerable.Range(0, 12), results);
        Assert.Equal(3, peak);
        Assert.Equal((0, 0), (pool.Busy, pool.Queued));
    }

    [Fact]
    public async Task One_slot_takes_work_in_arrival_order()
    {
        using var pool = Pool(slots: 1);
        var order = new List<int>();

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => pool.RunAsync(_ => { lock (order) { order.Add(i); } return i; }, CancellationToken.None)));

        Assert.Equal(Enumerable.Range(0, 10), order);
    }

    [Fact]
    public async Task Cancelling_queued_work_removes_it_at_once_without_running_it()
    {
        using var pool = Pool(slots: 1);
        using var release = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        using var cancel = new CancellationTokenSource();
        var blocker = pool.RunAsync(token => { started.Set(); return release.Wait(TimeSpan.FromSeconds(30), token); }, CancellationToken.None);
        started.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var ran = false;
        var queued = pool.RunAsync(_ => ran = true, cancel.Token);
        Assert.Equal(1, pool.Queued);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        Assert.Equal(0, pool.Queued);
        release.Set();
        Assert.True(await blocker);
        Assert.False(ran);
    }

    [Fact]
    public async Task Failures_reach_the_caller_and_the_slot_is_reused()
    {
        using var pool = Pool(slots: 1);

        await Assert.ThrowsAsync<InvalidOperationException>(() => pool.RunAsync<int>(_ => throw new InvalidOperationException("boom"), CancellationToken.None));

        Assert.Equal(7, await pool.RunAsync(_ => 7, CancellationToken.None));
    }

    private static WorkerPool Pool(int slots) => new(Options.Create(new WorkerOptions { Slots = slots }));

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
