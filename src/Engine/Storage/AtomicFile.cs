namespace QuantGrid.Engine.Storage;

/// <summary>Writes files so that readers see either the old content or the whole new content, never a part.</summary>
public static class AtomicFile
{
    /// <summary>Writes through <paramref name="write"/> to a temporary file in the same directory, flushes it to disk, then renames it over <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temporary = TemporaryPath(full);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>A fresh hidden temporary name next to <paramref name="path"/> (same directory, so a rename over it is atomic).</summary>
    public static string TemporaryPath(string path)
    {
        var full = Path.GetFullPath(path);
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
    }

    /// <summary>Reads a whole file whose first bytes must be <paramref name="magic"/>; I/O problems and a wrong or missing magic become <paramref name="fail"/>'s exception.</summary>
    public static byte[] ReadWithMagic(string path, ReadOnlySpan<byte> magic, int minimumLength, string kind, Func<string, Exception?, Exception> fail)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw fail($"{path}: cannot read {kind} ({ex.Message})", ex);
        }

        return bytes.Length >= minimumLength && bytes.AsSpan(0, magic.Length).SequenceEqual(magic)
            ? bytes
            : throw fail($"{path}: not a QuantGrid {kind} (bad magic)", null);
    }
}
