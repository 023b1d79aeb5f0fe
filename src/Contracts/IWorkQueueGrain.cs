using System.Collections.Immutable;
using Orleans.Concurrency;

namespace QuantGrid.Contracts;

/// <summary>
/// The cluster-wide queue of runnable work (key <see cref="Default"/>). Silos lease one item per free worker slot
/// and renew the lease while the work runs; an expired lease puts the item back. Experiments wait until their
/// float baseline is trained; ready experiments go before baseline trainings, cheap before expensive, and sweeps
/// share the slots round-robin by priority.
/// </summary>
public interface IWorkQueueGrain : IGrainWithStringKey
{
    const string Default = "default";

    /// <summary>Queues a sweep's unfinished experiments (and the baselines they need); items already queued or leased are left as they are.</summary>
    Task EnqueueAsync(string sweepId, int priority, ImmutableArray<ExperimentSpec> experiments);

    /// <summary>Leases up to <paramref name="count"/> items for <paramref name="worker"/>, waiting up to <paramref name="wait"/> for work to arrive.</summary>
    [AlwaysInterleave]
    Task<ImmutableArray<Lease>> LeaseAsync(WorkerInfo worker, int count, TimeSpan wait);

    /// <summary>Extends the worker's leases; returns those it no longer holds (expired and given to another slot, or finished).</summary>
    Task<ImmutableArray<string>> RenewAsync(WorkerInfo worker, ImmutableArray<Lease> leases);

    /// <summary>The leased item is done (an experiment's result is recorded, or a baseline is trained); <paramref name="failure"/> fails a baseline's experiments.</summary>
    Task CompleteAsync(string leaseId, string? failure = null);

    /// <summary>Puts a leased item back, runnable again after <paramref name="delay"/> (a hand-back or a retry).</summary>
    Task ReleaseAsync(string leaseId, TimeSpan delay);

    /// <summary>A sweep is complete: it is no longer resubmitted when the queue recovers.</summary>
    Task SweepCompletedAsync(string sweepId);

    Task<QueueStats> GetStatsAsync();
}
