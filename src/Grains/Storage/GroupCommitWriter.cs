using System.Runtime.InteropServices;
using System.Threading.Channels;
using QuantGrid.Engine.Storage;

namespace QuantGrid.Grains.Storage;

/// <summary>
/// Writes whole files atomically and durably, many at a time: one thread takes every write waiting, writes
/// each to a temporary file, makes them all durable with a single <c>syncfs</c> (Linux; elsewhere one
/// fsync per file), then renames each over its target. A write completes once its file is renamed.
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
        var batch = new List<(PendingWrite Write, string Temporary)>();
        while (pending.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && pending.Reader.TryRead(out var write))
            {
                var temporary = AtomicFile.TemporaryPath(write.Path);
                try
                {
                    File.WriteAllBytes(temporary, write.Content);
                    batch.Add((write, temporary));
                }
                catch (Exception ex)
                {
                    File.Delete(temporary);
                    write.Done.TrySetException(ex);
                }
            }

            Commit(batch);
        }
    }

    private static void Commit(List<(PendingWrite Write, string Temporary)> batch)
    {
        try
        {
            MakeDurable(batch.Select(b => b.Temporary));
        }
        catch (Exception ex)
        {
            foreach (var (write, temporary) in batch)
            {
                File.Delete(temporary);
                write.Done.TrySetException(ex);
            }

            return;
        }

        foreach (var (write, temporary) in batch)
        {
            try
            {
                File.Move(temporary, write.Path, overwrite: true);
                write.Done.TrySetResult();
            }
            catch (Exception ex)
            {
                File.Delete(temporary);
                write.Done.TrySetException(ex);
            }
        }
    }

    private static void MakeDurable(IEnumerable<string> files)
    {
        var list = files.ToList();
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
            using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
            stream.Flush(flushToDisk: true);
        }
    }

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int SyncFileSystem(int fd);

    private sealed record PendingWrite(string Path, byte[] Content, TaskCompletionSource Done);
}
