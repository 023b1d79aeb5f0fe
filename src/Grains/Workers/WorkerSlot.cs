using System.Collections.Concurrent;

namespace QuantGrid.Grains.Workers;

/// <summary>A worker slot held by one caller: it runs one piece of work on the slot's thread, or is given back unused on dispose.</summary>
public sealed class WorkerSlot : IDisposable
{
    private static readonly Action Release = () => { };
    private readonly BlockingCollection<Action> handoff = new(1);
    private int used;

    /// <summary>Runs <paramref name="work"/> on the slot's thread; the slot is free again when it returns.</summary>
    /// <exception cref="InvalidOperationException">The slot already ran work or was given back.</exception>
    public Task<T> RunAsync<T>(Func<CancellationToken, T> work, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref used, 1) != 0)
        {
            throw new InvalidOperationException("a worker slot runs one piece of work");
        }

        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        handoff.Add(() =>
        {
            try
            {
                completion.SetResult(work(cancellationToken));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                completion.SetCanceled(cancellationToken);
            }
            catch (Exception ex)
            {
                completion.SetException(ex);
            }
        }, CancellationToken.None);
        return completion.Task;
    }

    /// <summary>Gives the slot back if no work was handed to it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref used, 1) == 0)
        {
            handoff.Add(Release);
        }
    }

    /// <summary>On the slot's thread: waits for the work (or the release) and runs it.</summary>
    internal void Serve()
    {
        var action = handoff.Take();
        action();
        handoff.Dispose();
    }
}
