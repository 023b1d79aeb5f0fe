namespace QuantGrid.Grains.Storage;

/// <summary>
/// An advisory lock on a grain-state directory (<c>.lock</c> inside it), held for the life of a silo: an
/// exclusive holder (the CLI's embedded silo) keeps every other process out, so two runs of the same sweep
/// cannot both run its experiments; shared holders (localhost development silos) only keep exclusive ones out.
/// The operating system releases it when the process dies, however it dies.
/// </summary>
public sealed class StateDirectoryLock : IDisposable
{
    private const string LockFile = ".lock";
    private const string OwnerFile = ".owner";
    private readonly FileStream handle;

    private StateDirectoryLock(string directory, FileStream handle, bool exclusive)
    {
        Directory = directory;
        this.handle = handle;
        Exclusive = exclusive;
    }

    public string Directory { get; }

    /// <summary>True when no other process may use the directory while this lock is held.</summary>
    public bool Exclusive { get; }

    /// <exception cref="StateDirectoryInUseException">Another process holds a conflicting lock.</exception>
    public static StateDirectoryLock Acquire(string directory, bool exclusive)
    {
        var full = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(full);
        FileStream handle;
        try
        {
            handle = new FileStream(Path.Combine(full, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, exclusive ? FileShare.None : FileShare.ReadWrite);
        }
        catch (IOException ex)
        {
            var owner = File.Exists(Path.Combine(full, OwnerFile)) ? $" ({File.ReadAllText(Path.Combine(full, OwnerFile)).Trim()})" : "";
            throw new StateDirectoryInUseException($"{full} is in use by another quantgrid process{owner}; wait for it to finish or use another --artifacts directory", ex);
        }

        if (exclusive)
        {
            File.WriteAllText(Path.Combine(full, OwnerFile), $"pid {Environment.ProcessId} on {Environment.MachineName}, since {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss}Z");
        }

        return new StateDirectoryLock(full, handle, exclusive);
    }

    public void Dispose()
    {
        if (Exclusive)
        {
            File.Delete(Path.Combine(Directory, OwnerFile));
        }

        handle.Dispose();
    }
}
