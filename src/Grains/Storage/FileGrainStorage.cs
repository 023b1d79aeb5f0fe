using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Orleans.Serialization;
using Orleans.Storage;

namespace QuantGrid.Grains.Storage;

/// <summary>
/// Durable grain storage for the embedded silo: one file per grain state under a directory, written
/// atomically (temporary file + rename) with an ETag checked on every write. With an exclusive
/// <see cref="StateDirectoryLock"/> the ETags are known in memory; with a shared one they are read back from
/// the file before each write; without a lock the storage is read-only.
/// </summary>
public sealed class FileGrainStorage(string directory, Serializer serializer, StateDirectoryLock? owner) : IGrainStorage, IDisposable
{
    private readonly ConcurrentDictionary<string, string?> knownETags = new(StringComparer.Ordinal);
    private readonly GroupCommitWriter writer = new();
    private readonly ConcurrentDictionary<string, bool> createdDirectories = new(StringComparer.Ordinal);

    public string Directory { get; } = Path.GetFullPath(directory);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        if (!File.Exists(path))
        {
            grainState.RecordExists = false;
            grainState.ETag = null;
            return;
        }

        var (etag, payload) = Parse(await File.ReadAllBytesAsync(path), path);
        knownETags[path] = etag;
        grainState.State = serializer.Deserialize<T>(payload);
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        var current = CurrentETag(path);
        if (current != grainState.ETag)
        {
            throw new InconsistentStateException($"ETag mismatch for {grainId} ({stateName})", current ?? "none", grainState.ETag ?? "none");
        }

        var etag = Guid.NewGuid().ToString("N");
        var payload = serializer.SerializeToArray(grainState.State);
        var content = new byte[4 + etag.Length + payload.Length];
        BinaryPrimitives.WriteInt32LittleEndian(content, etag.Length);
        Encoding.ASCII.GetBytes(etag, content.AsSpan(4));
        payload.CopyTo(content, 4 + etag.Length);
        if (!createdDirectories.ContainsKey(stateName))
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            createdDirectories[stateName] = true;
        }

        await writer.WriteAsync(path, content);
        knownETags[path] = etag;
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        _ = CurrentETag(path);
        File.Delete(path);
        knownETags[path] = null;
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    public void Dispose() => writer.Dispose();

    private string? CurrentETag(string path)
    {
        if (owner is null)
        {
            throw new InvalidOperationException($"grain state under {Directory} is open read-only");
        }

        return owner.Exclusive && knownETags.TryGetValue(path, out var known)
            ? known
            : File.Exists(path) ? Parse(File.ReadAllBytes(path), path).ETag : null;
    }

    private string PathOf(string stateName, GrainId grainId)
    {
        var id = grainId.ToString();
        var readable = new string(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_').ToArray());
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{stateName}|{id}")))[..16];
        return Path.Combine(Directory, stateName, $"{readable[..Math.Min(readable.Length, 120)]}-{hash}.state");
    }

    private static (string ETag, byte[] Payload) Parse(byte[] bytes, string path)
    {
        if (bytes.Length < 4)
        {
            throw new InvalidDataException($"{path}: truncated grain state");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        if (length is < 0 or > 256 || 4 + length > bytes.Length)
        {
            throw new InvalidDataException($"{path}: corrupt grain state header");
        }

        return (Encoding.ASCII.GetString(bytes, 4, length), bytes[(4 + length)..]);
    }
}
