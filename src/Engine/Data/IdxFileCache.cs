namespace QuantGrid.Engine.Data;

/// <summary>
/// Keeps the decoded content of recently read IDX files in memory, so that the experiments of a sweep
/// running in one process decompress and validate each file once. An entry is keyed by the file's full
/// path, length and modification time: a file that changes is read (and validated) again.
/// </summary>
public static class IdxFileCache
{
    private const int Capacity = 8;
    private static readonly Lock Gate = new();
    private static readonly LinkedList<(FileKey Key, object Content)> Entries = [];

    /// <inheritdoc cref="IdxFile.ReadImages"/>
    public static IdxImages ReadImages(string path) => GetOrRead(path, 0, () => IdxFile.ReadImages(path));

    /// <inheritdoc cref="IdxFile.ReadLabels"/>
    public static byte[] ReadLabels(string path, int classCount) => (byte[])GetOrRead(path, classCount, () => IdxFile.ReadLabels(path, classCount)).Clone();

    /// <summary>Forgets every entry.</summary>
    public static void Clear()
    {
        lock (Gate)
        {
            Entries.Clear();
        }
    }

    private static T GetOrRead<T>(string path, int variant, Func<T> read)
        where T : class
    {
        var key = FileKey.Of(path, variant);
        if (key is not null)
        {
            lock (Gate)
            {
                for (var node = Entries.First; node is not null; node = node.Next)
                {
                    if (node.Value.Key == key && node.Value.Content is T cached)
                    {
                        Entries.Remove(node);
                        Entries.AddFirst(node);
                        return cached;
                    }
                }
            }
        }

        var content = read();
        if (key is not null && key == FileKey.Of(path, variant))
        {
            lock (Gate)
            {
                Entries.AddFirst((key, content));
                while (Entries.Count > Capacity)
                {
                    Entries.RemoveLast();
                }
            }
        }

        return content;
    }

    private sealed record FileKey(string Path, long Length, DateTime Modified, int Variant)
    {
        public static FileKey? Of(string path, int variant)
        {
            var info = new FileInfo(path);
            return info.Exists ? new FileKey(info.FullName, info.Length, info.LastWriteTimeUtc, variant) : null;
        }
    }
}
