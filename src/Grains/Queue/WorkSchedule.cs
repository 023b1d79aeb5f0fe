using QuantGrid.Contracts;
using QuantGrid.Grains.State;

namespace QuantGrid.Grains.Queue;

/// <summary>
/// The work queue's schedule, without Orleans: items by state (waiting for their baseline, runnable, backing off,
/// leased), per-sweep lanes ordered by <see cref="WorkOrder"/>, capability matching and round-robin between sweeps
/// of equal priority. Every operation costs O(log n) in the number of items (plus the number of sweeps).
/// </summary>
public sealed class WorkSchedule(Func<string, bool> prefersGpu, TimeSpan leaseDuration, TimeSpan gpuWait)
{
    private readonly Dictionary<string, Entry> entries = [];
    private readonly Dictionary<string, Lane> lanes = [];
    private readonly Dictionary<string, Entry> leases = [];
    private readonly Dictionary<string, BaselineTrack> baselines = [];
    private readonly SortedSet<(DateTimeOffset NotBefore, long Sequence)> delayed = [];
    private readonly Dictionary<long, Entry> delayedEntries = [];
    private long sequence;
    private long turn;

    private enum EntryState
    {
        Blocked,
        Runnable,
        Delayed,
        Leased,
    }

    /// <summary>Items not leased: runnable, waiting for their baseline, or backing off.</summary>
    public int Waiting => entries.Count - leases.Count;

    public int Leased => leases.Count;

    /// <summary>Queues the experiments that are not queued yet, and a baseline training for each baseline not known to be trained.</summary>
    public int Enqueue(string sweepId, int priority, IEnumerable<ExperimentSpec> experiments, DateTimeOffset now)
    {
        var lane = LaneOf(sweepId, priority);
        var added = 0;
        foreach (var experiment in experiments)
        {
            if (entries.ContainsKey(experiment.Id))
            {
                continue;
            }

            var baseline = experiment.Baseline;
            var item = new WorkItem(experiment.Id, WorkKind.Experiment, sweepId, experiment, baseline, prefersGpu(experiment.Model), CostModel.ExperimentSeconds(experiment));
            var entry = new Entry(item, lane, ++sequence, now);
            entries[item.Id] = entry;
            added++;
            var track = baselines.TryGetValue(baseline.Key, out var known) ? known : baselines[baseline.Key] = new BaselineTrack();
            if (track.Trained || track.Failure is not null)
            {
                entry.BaselineFailure = track.Failure;
                MakeRunnable(entry);
                continue;
            }

            entry.State = EntryState.Blocked;
            track.Dependents.Add(entry);
            var baselineId = WorkItem.BaselineId(baseline);
            if (!entries.ContainsKey(baselineId))
            {
                var training = new WorkItem(baselineId, WorkKind.Baseline, sweepId, null, baseline, prefersGpu(baseline.Model), CostModel.BaselineSeconds(baseline));
                var trainingEntry = new Entry(training, lane, ++sequence, now);
                entries[baselineId] = trainingEntry;
                MakeRunnable(trainingEntry);
            }
        }

        return added;
    }

    /// <summary>
    /// The best runnable item for <paramref name="worker"/>, leased until now + lease duration: sweeps by priority, then
    /// the one served longest ago; GPU workers take GPU-preferring work first, CPU workers take it only when no GPU
    /// worker is a member or it has waited longer than the GPU wait.
    /// </summary>
    public Lease? TryLease(WorkerInfo worker, bool gpuMember, DateTimeOffset now)
    {
        PromoteDelayed(now);
        foreach (var lane in lanes.Values.OrderByDescending(l => l.Priority).ThenBy(l => l.LastServed).ThenBy(l => l.SweepId, StringComparer.Ordinal))
        {
            foreach (var set in Eligible(lane, worker, gpuMember, now))
            {
                if (set.Count == 0)
                {
                    continue;
                }

                var order = set.Min;
                set.Remove(order);
                var entry = entries[order.Id];
                lane.LastServed = ++turn;
                var lease = new Lease(Guid.NewGuid().ToString("N"), entry.Item, now + leaseDuration, entry.BaselineFailure);
                entry.State = EntryState.Leased;
                entry.Lease = lease;
                entry.Holder = worker.Silo;
                leases[lease.LeaseId] = entry;
                return lease;
            }
        }

        return null;
    }

    /// <summary>
    /// Extends a lease. When <paramref name="adopt"/> (the queue is recovering), a lease it does not know is taken over
    /// for its holder, as long as its item is not leased to someone else. Returns false when the lease is lost.
    /// </summary>
    public bool Renew(Lease lease, string silo, bool adopt, DateTimeOffset now)
    {
        if (leases.TryGetValue(lease.LeaseId, out var held))
        {
            held.Lease = held.Lease! with { ExpiresUtc = now + leaseDuration };
            return true;
        }

        if (!adopt)
        {
            return false;
        }

        if (entries.TryGetValue(lease.Item.Id, out var entry))
        {
            if (entry.State == EntryState.Leased)
            {
                return false;
            }

            Unlist(entry);
        }
        else
        {
            entry = new Entry(lease.Item, LaneOf(lease.Item.SweepId, 0), ++sequence, now);
            entries[entry.Item.Id] = entry;
        }

        entry.State = EntryState.Leased;
        entry.Lease = lease with { ExpiresUtc = now + leaseDuration };
        entry.Holder = silo;
        leases[lease.LeaseId] = entry;
        return true;
    }

    /// <summary>Every lease held now, with its holder (what a gracefully deactivating queue hands to its next activation).</summary>
    public IReadOnlyList<HeldLease> HeldLeases() =>
        [.. leases.Values.Select(e => new HeldLease(e.Lease!, e.Holder!))];

    /// <summary>The leased item is done. A baseline's experiments become runnable (or, with <paramref name="failure"/>, are to be failed with it).</summary>
    public WorkItem? Complete(string leaseId, string? failure, DateTimeOffset now)
    {
        if (!leases.Remove(leaseId, out var entry))
        {
            return null;
        }

        entries.Remove(entry.Item.Id);
        if (entry.Item.Kind == WorkKind.Baseline)
        {
            var track = baselines.TryGetValue(entry.Item.Baseline.Key, out var known) ? known : baselines[entry.Item.Baseline.Key] = new BaselineTrack();
            (track.Trained, track.Failure) = (failure is null, failure);
            foreach (var dependent in track.Dependents.Where(d => d.State == EntryState.Blocked))
            {
                dependent.BaselineFailure = failure;
                MakeRunnable(dependent);
            }

            track.Dependents.Clear();
        }

        return entry.Item;
    }

    /// <summary>Puts a leased item back, runnable after <paramref name="delay"/>.</summary>
    public bool Release(string leaseId, TimeSpan delay, DateTimeOffset now)
    {
        if (!leases.Remove(leaseId, out var entry))
        {
            return false;
        }

        (entry.Lease, entry.Holder) = (null, null);
        if (delay > TimeSpan.Zero)
        {
            entry.State = EntryState.Delayed;
            entry.Sequence = ++sequence;
            delayed.Add((now + delay, entry.Sequence));
            delayedEntries[entry.Sequence] = entry;
        }
        else
        {
            MakeRunnable(entry);
        }

        return true;
    }

    /// <summary>Puts every item whose lease expired back in the queue (its silo died or hangs); returns how many.</summary>
    public IReadOnlyList<WorkItem> Expire(DateTimeOffset now)
    {
        var expired = leases.Values.Where(e => e.Lease!.ExpiresUtc <= now).ToList();
        foreach (var entry in expired)
        {
            Release(entry.Lease!.LeaseId, TimeSpan.Zero, now);
        }

        PromoteDelayed(now);
        return [.. expired.Select(e => e.Item)];
    }

    /// <summary>Forgets a finished sweep's lane (and any item still in it).</summary>
    public void RemoveSweep(string sweepId)
    {
        if (!lanes.Remove(sweepId, out var lane))
        {
            return;
        }

        foreach (var entry in entries.Values.Where(e => e.Lane == lane && e.State != EntryState.Leased).ToList())
        {
            Unlist(entry);
            entries.Remove(entry.Item.Id);
        }
    }

    private static IEnumerable<SortedSet<WorkOrder>> Eligible(Lane lane, WorkerInfo worker, bool gpuMember, DateTimeOffset now)
    {
        if (worker.IsGpu)
        {
            yield return lane.Gpu;
            yield return lane.Cpu;
            yield break;
        }

        yield return lane.Cpu;
        if (!gpuMember || (lane.Gpu.Count > 0 && now - lane.Entry(lane.Gpu.Min).WaitingSince >= lane.GpuWait))
        {
            yield return lane.Gpu;
        }
    }

    private Lane LaneOf(string sweepId, int priority)
    {
        if (!lanes.TryGetValue(sweepId, out var lane))
        {
            lane = new Lane(sweepId, entries, gpuWait);
            lanes[sweepId] = lane;
        }

        lane.Priority = Math.Max(lane.Priority, priority);
        return lane;
    }

    private static void MakeRunnable(Entry entry)
    {
        entry.State = EntryState.Runnable;
        entry.Order = new WorkOrder(entry.Item.Kind == WorkKind.Baseline ? WorkOrder.Training : WorkOrder.Ready, entry.Item.EstimatedSeconds, entry.Sequence, entry.Item.Id);
        (entry.Item.PrefersGpu ? entry.Lane.Gpu : entry.Lane.Cpu).Add(entry.Order);
    }

    private void Unlist(Entry entry)
    {
        switch (entry.State)
        {
            case EntryState.Runnable:
                (entry.Item.PrefersGpu ? entry.Lane.Gpu : entry.Lane.Cpu).Remove(entry.Order);
                break;
            case EntryState.Delayed:
                delayed.RemoveWhere(d => d.Sequence == entry.Sequence);
                delayedEntries.Remove(entry.Sequence);
                break;
            case EntryState.Blocked:
                if (baselines.TryGetValue(entry.Item.Baseline.Key, out var track))
                {
                    track.Dependents.Remove(entry);
                }

                break;
            case EntryState.Leased:
            default:
                break;
        }
    }

    private void PromoteDelayed(DateTimeOffset now)
    {
        while (delayed.Count > 0 && delayed.Min.NotBefore <= now)
        {
            var due = delayed.Min;
            delayed.Remove(due);
            if (delayedEntries.Remove(due.Sequence, out var entry))
            {
                MakeRunnable(entry);
            }
        }
    }

    private sealed class Entry(WorkItem item, Lane lane, long sequence, DateTimeOffset now)
    {
        public WorkItem Item { get; } = item;

        public Lane Lane { get; } = lane;

        public long Sequence { get; set; } = sequence;

        public DateTimeOffset WaitingSince { get; } = now;

        public EntryState State { get; set; }

        public WorkOrder Order { get; set; }

        public Lease? Lease { get; set; }

        public string? Holder { get; set; }

        public string? BaselineFailure { get; set; }
    }

    private sealed class Lane(string sweepId, Dictionary<string, Entry> entries, TimeSpan gpuWait)
    {
        public string SweepId { get; } = sweepId;

        public int Priority { get; set; } = int.MinValue;

        public long LastServed { get; set; }

        public TimeSpan GpuWait { get; } = gpuWait;

        public SortedSet<WorkOrder> Cpu { get; } = [];

        public SortedSet<WorkOrder> Gpu { get; } = [];

        public Entry Entry(WorkOrder order) => entries[order.Id];
    }

    private sealed class BaselineTrack
    {
        public bool Trained { get; set; }

        public string? Failure { get; set; }

        public HashSet<Entry> Dependents { get; } = [];
    }
}
