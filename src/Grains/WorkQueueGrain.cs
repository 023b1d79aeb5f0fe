using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using QuantGrid.Contracts;
using QuantGrid.Engine.Models;
using QuantGrid.Grains.Queue;
using QuantGrid.Grains.State;
using QuantGrid.Grains.Workers;

namespace QuantGrid.Grains;

/// <summary>
/// The cluster-wide work queue (a <see cref="WorkSchedule"/> behind a grain): long-polled leases that wake as soon as
/// work arrives, expiry of leases that stop being renewed, and recovery: the sweeps still running are persisted and
/// their unfinished experiments queued again by the next activation. A graceful deactivation also hands its leases
/// over, so the next activation serves work at once; after a crash, for one recovery grace only renewals are
/// served, so leases held by live workers are re-adopted instead of handed out twice.
/// </summary>
[GrainType("quantgrid.workqueue")]
[Reentrant]
public sealed partial class WorkQueueGrain(
    [PersistentState("workqueue", StorageNames.Default)] IPersistentState<WorkQueueState> state,
    IOptions<WorkerOptions> options,
    IClusterMembershipService membership,
    QuantGridTelemetry telemetry,
    ILogger<WorkQueueGrain> logger) : Grain, IWorkQueueGrain
{
    /// <summary>
    /// The longest a lease request waits here for work (the worker asks again): an activation being deactivated (its
    /// silo leaving) waits for its pending requests, and its successor serves nothing until then.
    /// </summary>
    private static readonly TimeSpan LongestPoll = TimeSpan.FromSeconds(5);

    private readonly WorkSchedule queue = new(PrefersGpu, options.Value.LeaseDuration, options.Value.GpuWait);
    private readonly List<Waiter> waiters = [];
    private readonly Dictionary<string, (WorkerInfo Worker, DateTimeOffset Seen)> workers = [];
    private Task persisting = Task.CompletedTask;
    private DateTimeOffset recoveringUntil;
    private IGrainTimer? expiry;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(250).Ticks, options.Value.LeaseDuration.Ticks / 4));
        expiry = this.RegisterGrainTimer(ExpireAsync, new GrainTimerCreationOptions(period, period) { Interleave = true });
        var handedOver = state.State.HandedOver;
        if (state.State.ActiveSweeps.Count == 0)
        {
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var tookOver = now - state.State.HandedOverUtc < options.Value.LeaseDuration;
        if (!tookOver)
        {
            recoveringUntil = now + options.Value.QueueRecoveryGrace;
        }

        foreach (var (sweepId, priority) in state.State.ActiveSweeps)
        {
            try
            {
                var unfinished = await GrainFactory.GetGrain<ISweepGrain>(sweepId).GetUnfinishedAsync();
                queue.Enqueue(sweepId, priority, unfinished, DateTimeOffset.UtcNow);
            }
            catch (Exception ex) when (Resilience.IsTransient(ex) || ex is OrleansException)
            {
                LogResubmitFailed(logger, ex, sweepId);
            }
        }

        if (tookOver)
        {
            var live = membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress.ToString()).ToHashSet(StringComparer.Ordinal);
            var adopted = handedOver.Count(held => live.Contains(held.Holder) && queue.Renew(held.Lease, held.Holder, adopt: true, DateTimeOffset.UtcNow));
            LogTookOver(logger, adopted, queue.Waiting, state.State.ActiveSweeps.Count);
        }
        else
        {
            LogRecovered(logger, queue.Waiting, state.State.ActiveSweeps.Count, options.Value.QueueRecoveryGrace);
        }

        if (handedOver.Count > 0)
        {
            state.State.HandedOver = [];
            await PersistAsync();
        }

        Publish();
    }

    /// <summary>
    /// A graceful deactivation (its silo leaves, or the activation is moved) hands the leases it holds to the next
    /// activation, which takes them over at once instead of pausing to re-adopt them from renewals.
    /// </summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        expiry?.Dispose();
        telemetry.Queue(null);
        foreach (var waiter in waiters)
        {
            waiter.Completion.TrySetResult();
        }

        if (state.State.ActiveSweeps.Count == 0)
        {
            return;
        }

        state.State.HandedOver = [.. queue.HeldLeases()];
        state.State.HandedOverUtc = DateTimeOffset.UtcNow;
        try
        {
            await PersistAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogHandOverFailed(logger, ex, state.State.HandedOver.Count);
        }
    }

    public async Task EnqueueAsync(string sweepId, int priority, ImmutableArray<ExperimentSpec> experiments)
    {
        queue.Enqueue(sweepId, priority, experiments, DateTimeOffset.UtcNow);
        Changed();
        if (!state.State.ActiveSweeps.TryGetValue(sweepId, out var known) || known != priority)
        {
            state.State.ActiveSweeps[sweepId] = priority;
            await PersistAsync();
        }
    }

    public async Task<ImmutableArray<Lease>> LeaseAsync(WorkerInfo worker, int count, TimeSpan wait)
    {
        Seen(worker);
        if (DateTimeOffset.UtcNow < recoveringUntil)
        {
            var pause = recoveringUntil - DateTimeOffset.UtcNow;
            await Task.Delay(pause < wait ? pause : wait);
        }

        var deadline = DateTimeOffset.UtcNow + (wait < LongestPoll ? wait : LongestPoll);
        while (true)
        {
            var leased = Take(worker, count);
            var remaining = deadline - DateTimeOffset.UtcNow;
            if (leased.Length > 0 || remaining <= TimeSpan.Zero)
            {
                return leased;
            }

            var waiter = new Waiter(worker);
            waiters.Add(waiter);
            await Task.WhenAny(waiter.Completion.Task, Task.Delay(remaining));
            waiters.Remove(waiter);
            Seen(worker);
        }
    }

    public Task<ImmutableArray<string>> RenewAsync(WorkerInfo worker, ImmutableArray<Lease> leases)
    {
        Seen(worker);
        var now = DateTimeOffset.UtcNow;
        var adopt = now < recoveringUntil;
        var lost = leases.Where(lease => !queue.Renew(lease, worker.Silo, adopt, now)).Select(lease => lease.LeaseId).ToImmutableArray();
        Publish();
        return Task.FromResult(lost);
    }

    public Task CompleteAsync(string leaseId, string? failure = null)
    {
        if (queue.Complete(leaseId, failure, DateTimeOffset.UtcNow) is { Kind: WorkKind.Baseline } baseline && failure is not null)
        {
            LogBaselineFailed(logger, baseline.Baseline.Key, failure);
        }

        Changed();
        return Task.CompletedTask;
    }

    public Task ReleaseAsync(string leaseId, TimeSpan delay)
    {
        queue.Release(leaseId, delay, DateTimeOffset.UtcNow);
        Changed();
        return Task.CompletedTask;
    }

    public async Task SweepCompletedAsync(string sweepId)
    {
        queue.RemoveSweep(sweepId);
        Changed();
        if (state.State.ActiveSweeps.Remove(sweepId))
        {
            await PersistAsync();
        }
    }

    public Task<QueueStats> GetStatsAsync() => Task.FromResult(Stats());

    private static bool PrefersGpu(string model) => ModelRegistry.All.FirstOrDefault(m => m.Name == model)?.PrefersGpu ?? false;

    private ImmutableArray<Lease> Take(WorkerInfo worker, int count)
    {
        var now = DateTimeOffset.UtcNow;
        var gpuMember = workers.Values.Any(w => w.Worker.IsGpu && now - w.Seen < MembershipWindow);
        var leased = ImmutableArray.CreateBuilder<Lease>();
        while (leased.Count < count && queue.TryLease(worker, gpuMember, now) is { } lease)
        {
            leased.Add(lease);
        }

        if (leased.Count > 0)
        {
            Publish();
        }

        return leased.ToImmutable();
    }

    /// <summary>Wakes the waiting workers (each takes what it can when it resumes) and updates the gauge.</summary>
    private void Changed()
    {
        foreach (var waiter in waiters)
        {
            waiter.Completion.TrySetResult();
        }

        Publish();
    }

    private Task ExpireAsync()
    {
        var expired = queue.Expire(DateTimeOffset.UtcNow);
        foreach (var item in expired)
        {
            LogExpired(logger, item.Id);
        }

        Changed();
        return Task.CompletedTask;
    }

    private void Seen(WorkerInfo worker) => workers[worker.Silo] = (worker, DateTimeOffset.UtcNow);

    private TimeSpan MembershipWindow => options.Value.PollWait + options.Value.LeaseDuration;

    private QueueStats Stats()
    {
        var now = DateTimeOffset.UtcNow;
        return new QueueStats(queue.Waiting, queue.Leased, [.. workers.Values.Where(w => now - w.Seen < MembershipWindow).Select(w => w.Worker)]);
    }

    private void Publish() => telemetry.Queue(Stats());

    /// <summary>Writes the active sweeps after any write still in flight (the grain is reentrant; writes are rare).</summary>
    private Task PersistAsync()
    {
        persisting = WriteAfter(persisting);
        return persisting;

        async Task WriteAfter(Task previous)
        {
            try
            {
                await previous;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
            }

            await state.WriteStateAsync();
        }
    }

    private sealed record Waiter(WorkerInfo Worker)
    {
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Work queue recovered {Items} items of {Sweeps} running sweeps; re-adopting leases for {Grace}")]
    private static partial void LogRecovered(ILogger logger, int items, int sweeps, TimeSpan grace);

    [LoggerMessage(Level = LogLevel.Information, Message = "Work queue took over {Leases} leases from its previous activation and queued {Items} items of {Sweeps} running sweeps")]
    private static partial void LogTookOver(ILogger logger, int leases, int items, int sweeps);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The work queue could not hand its {Leases} leases over; its next activation re-adopts them from renewals")]
    private static partial void LogHandOverFailed(ILogger logger, Exception exception, int leases);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId} could not resubmit its experiments to the recovered queue; its re-drive will")]
    private static partial void LogResubmitFailed(ILogger logger, Exception exception, string sweepId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lease on {ItemId} expired (its silo died or hangs); it is queued again")]
    private static partial void LogExpired(ILogger logger, string itemId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Baseline {Key} could not be trained: {Failure}; its experiments fail with it")]
    private static partial void LogBaselineFailed(ILogger logger, string key, string failure);
}
