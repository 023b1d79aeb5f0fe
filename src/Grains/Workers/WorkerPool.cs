using System.Collections.Concurrent;

namespace QuantGrid.Grains.Workers;

/// <summary>
/// The silo-local pool that runs experiments off the Orleans scheduler: <see cref="WorkerOptions.Slots"/>
/// dedicated threads serve requests in arrival order, so a slot that frees up starts the next experiment at once,
/// whatever the thread pool is doing. A caller first acquires a slot (waiting in the queue), may do its own
/// bookkeeping once it has one, then hands the slot its work.
/// </summary>
public sealed class WorkerPool : IDisposable
{
    private readonly BlockingCollection<SlotRequest> queue = [];
    private int busy;
    private int queued;

    public WorkerPool(Microsoft.Extensions.Options.IOptions<WorkerOptions> options)
    {
        Total = options.Value.Slots;
        for (var i = 0; i < Total; i++)
        {
            new Thread(Serve) { IsBackground = true, Name = $"quantgrid-slot-{i}" }.Start();
        }
    }

    public int Total { get; }

    /// <summary>Slots held by a caller (running work or about to).</summary>
    public int Busy => Volatile.Read(ref busy);

    /// <summary>Callers waiting for a slot.</summary>
    public int Queued => Volatile.Read(ref queued);

    /// <summary>
    /// Waits for the next free slot. Cancelling <paramref name="cancellationToken"/> while waiting leaves the queue at
    /// once (the task is cancelled). The slot is the caller's until it is disposed or its work has run.
    /// </summary>
    public Task<WorkerSlot> AcquireAsync(CancellationToken cancellationToken)
    {
        var request = new SlotRequest(this, cancellationToken);
        Interlocked.Increment(ref queued);
        queue.Add(request, CancellationToken.None);
        return request.Task;
    }

    /// <summary>Acquires a slot and runs <paramref name="work"/> on it.</summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, T> work, CancellationToken cancellationToken)
    {
        using var slot = await AcquireAsync(cancellationToken).ConfigureAwait(false);
        return await slot.RunAsync(work, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        queue.CompleteAdding();
        while (queue.TryTake(out var request))
        {
            request.Abandon();
        }
    }

    private void Serve()
    {
        foreach (var request in queue.GetConsumingEnumerable())
        {
            if (request.TryGrant() is not { } slot)
            {
                continue;
            }

            Interlocked.Increment(ref busy);
            try
            {
                slot.Serve();
            }
            finally
            {
                Interlocked.Decrement(ref busy);
            }
        }
    }

    private sealed class SlotRequest
    {
        private const int Waiting = 0;
        private const int Granted = 1;
        private const int Dropped = 2;
        private readonly WorkerPool pool;
        private readonly CancellationToken cancellationToken;
        private readonly TaskCompletionSource<WorkerSlot> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenRegistration registration;
        private int state;

        public SlotRequest(WorkerPool pool, CancellationToken cancellationToken)
        {
            this.pool = pool;
            this.cancellationToken = cancellationToken;
            registration = cancellationToken.Register(() => Drop(new OperationCanceledException(cancellationToken)));
        }

        public Task<WorkerSlot> Task => completion.Task;

        public WorkerSlot? TryGrant()
        {
            if (Interlocked.CompareExchange(ref state, Granted, Waiting) != Waiting)
            {
                return null;
            }

            Interlocked.Decrement(ref pool.queued);
            registration.Dispose();
            var slot = new WorkerSlot();
            completion.SetResult(slot);
            return slot;
        }

        public void Abandon() => Drop(new ObjectDisposedException(nameof(WorkerPool), "the silo's worker pool shut down"));

        private void Drop(Exception reason)
        {
            if (Interlocked.CompareExchange(ref state, Dropped, Waiting) != Waiting)
            {
                return;
            }

            Interlocked.Decrement(ref pool.queued);
            if (reason is OperationCanceledException)
            {
                completion.SetCanceled(cancellationToken);
            }
            else
            {
                completion.SetException(reason);
            }
        }
    }
}
