namespace QuantGrid.Grains.Workers;

/// <summary>
/// The silo-local pool that runs experiments on dedicated threads, off the Orleans scheduler, at most
/// <see cref="WorkerOptions.Slots"/> at a time.
/// </summary>
public sealed class WorkerPool(Microsoft.Extensions.Options.IOptions<WorkerOptions> options) : IDisposable
{
    private readonly SemaphoreSlim slots = new(options.Value.Slots, options.Value.Slots);
    private int busy;

    public int Total { get; } = options.Value.Slots;

    public int Busy => Volatile.Read(ref busy);

    public int Queued { get; private set; }

    /// <summary>Waits for a free slot, then runs <paramref name="work"/> on its own thread.</summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, T> work, CancellationToken cancellationToken)
    {
        Queued++;
        try
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Queued--;
        }

        Interlocked.Increment(ref busy);
        try
        {
            return await Task.Factory.StartNew(() => work(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref busy);
            slots.Release();
        }
    }

    public void Dispose() => slots.Dispose();
}
