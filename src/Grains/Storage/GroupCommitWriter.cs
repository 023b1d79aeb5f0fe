using System.Runtime.InteropServices;
using System.Threading.Channels;

namespace QuantGrid.Grains.Storage;

/// <summary>
/// Overwrites files in place and makes them durable, many at a time: one thread takes every write waiting, writes
/// each file, then makes them all durable with a single <c>syncfs</c> (Linux; elsewhere one fsync per file). A write
/// completes once it is durable. In-place writes are not atomic: callers keep the previous content elsewhere
/// (<see cref="StateSlots"/>).
/// </summary>
internal sealed partial class GroupCommitWriter : IDisposable
{
    private const int MaxBatch = 512;
    private readonly Channel<PendingWrite> pending = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });

    public GroupCommitWriter() => new Thread(Run) { IsBackground = true, Name = "quantgrid-state-writer" }.Start();

    public Task WriteAsync(string path, byte[] content)
    {
        var write = new PendingWrite(path, content, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return pending.Writer.TryWrite(write) ? write.Done.Task : Task.FromException(new ObjectDisposedException(nameof(GroupCommitWriter)));
    }

    public void Dispose() => pending.Writer.TryComplete();

    private void Run()
    {
        var batch = new List<PendingWrite>();
        while (pending.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && pending.Reader.TryRead(out var write))
            {
                try
                {
                    using var stream = new FileStream(write.Path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1);
                    stream.Write(write.Content);
                    stream.SetLength(write.Content.Length);
                    batch.Add(write);
                }
                catch (Exception ex)
                {
                    write.Done.TrySetException(ex);
                }
            }

            Commit(batch);
        }
    }

    private static void Commit(List<PendingWrite> batch)
    {
        try
        {
            MakeDurable(batch.Select(b => b.Path));
        }
        catch (Exception ex)
        {
            foreach (var write in batch)
            {
                write.Done.TrySetException(ex);
            }

            return;
        }

        foreach (var write in batch)
        {
            write.Done.TrySetResult();
        }
    }

    private static void MakeDurable(IEnumerable<string> files)
    {
        var list = files.Distinct(StringComparer.Ordinal).ToList();
        if (list.Count == 0)
        {
            return;
        }

        if (OperatingSystem.IsLinux())
        {
            using var handle = File.OpenHandle(list[0]);
            if (SyncFileSystem((int)handle.DangerousGetHandle()) == 0)
            {
                return;
            }
        }

        foreach (var file in list)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            stream.Flush(flushToDisk: true);
        }
    }

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int SyncFileSystem(int fd);

    private sealed record PendingWrite(string Path, byte[] Content, TaskCompletionSource Done);
}
