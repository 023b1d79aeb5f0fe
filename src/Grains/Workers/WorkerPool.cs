using System.Collections.Concurrent;

namespace QuantGrid.Grains.Workers;

/// <summary>
/// The silo-local pool that runs experiments off the Orleans scheduler: <see cref="WorkerOptions.Slots"/>
/// dedicated threads take work in arrival order, so a slot that frees up starts the next experiment at once,
/// whatever the thread pool is doing.
/// </summary>
public sealed class WorkerPool : IDisposable
{
    private readonly BlockingCollection<IWorkItem> queue = [];
    private readonly Thread[] threads;
    private int busy;
    private int queued;

    public WorkerPool(Microsoft.Extensions.Options.IOptions<WorkerOptions> options)
    {
        Total = options.Value.Slots;
        threads = [.. Enumerable.Range(0, Total).Select(i => new Thread(Work) { IsBackground = true, Name = $"quantgrid-slot-{i}" })];
        foreach (var thread in threads)
        {
            thread.Start();
        }
    }

    private interface IWorkItem
    {
        /// <summary>Runs the work unless it was cancelled while queued.</summary>
        void TryRun();

        void Abandon();
    }

    public int Total { get; }

    public int Busy => Volatile.Read(ref busy);

    public int Queued => Volatile.Read(ref queued);

    /// <summary>
    /// Queues <paramref name="work"/> for the next free slot. Cancelling <paramref name="cancellationToken"/> while
    /// it waits removes it at once (the task is cancelled); once started, the work observes the token itself.
    /// </summary>
    public Task<T> RunAsync<T>(Func<CancellationToken, T> work, CancellationToken cancellationToken)
    {
        var item = new WorkItem<T>(this, work, cancellationToken);
        Interlocked.Increment(ref queued);
        queue.Add(item, CancellationToken.None);
        return item.Task;
    }

    public void Dispose()
    {
        queue.CompleteAdding();
        while (queue.TryTake(out var item))
        {
            item.Abandon();
        }
    }

    private void Work()
    {
        foreach (var item in queue.GetConsumingEnumerable())
        {
            item.TryRun();
        }
    }

    private sealed class WorkItem<T> : IWorkItem
    {
        private const int Waiting = 0;
        private const int Started = 1;
        private const int Dropped = 2;
        private readonly Func<CancellationToken, T> work;
        private readonly CancellationToken cancellationToken;
        private readonly WorkerPool pool;
        private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenRegistration registration;
        private int state;

        public WorkItem(WorkerPool pool, Func<CancellationToken, T> work, CancellationToken cancellationToken)
        {
            this.work = work;
            this.cancellationToken = cancellationToken;
            this.pool = pool;
            registration = cancellationToken.Register(() => Drop(canceled: true));
        }

        public Task<T> Task => completion.Task;

        public void TryRun()
        {
            if (Interlocked.CompareExchange(ref state, Started, Waiting) != Waiting)
            {
                return;
            }

            Interlocked.Decrement(ref pool.queued);
            Interlocked.Increment(ref pool.busy);
            registration.Dispose();
            try
            {
                completion.TrySetResult(work(cancellationToken));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                completion.TrySetCanceled(cancellationToken);
            }
            catch (Exception ex)
            {
                completion.TrySetException(ex);
            }
            finally
            {
                Interlocked.Decrement(ref pool.busy);
            }
        }

        public void Abandon() => Drop(canceled: false);

        private void Drop(bool canceled)
        {
            if (Interlocked.CompareExchange(ref state, Dropped, Waiting) != Waiting)
            {
                return;
            }

            Interlocked.Decrement(ref pool.queued);
            if (canceled)
            {
                completion.TrySetCanceled(cancellationToken);
            }
            else
            {
                completion.TrySetException(new ObjectDisposedException(nameof(WorkerPool), "the silo's worker pool shut down"));
            }
        }
    }
}
