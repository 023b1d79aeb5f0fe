using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Orleans.Serialization;
using Orleans.Storage;

namespace QuantGrid.Grains.Storage;

/// <summary>
/// Durable grain storage for the embedded silo: each grain state lives in two slot files under a directory
/// (<see cref="StateSlots"/>), the older overwritten in place at each write, with an ETag checked on every write.
/// Writes are made durable in groups (<see cref="GroupCommitWriter"/>). With an exclusive <see cref="StateDirectoryLock"/>
/// the newest slot of each state is known in memory; with a shared one it is read back before each write; without a
/// lock the storage is read-only.
/// </summary>
public sealed class FileGrainStorage(string directory, Serializer serializer, StateDirectoryLock? owner) : IGrainStorage, IDisposable
{
    private static readonly Head Missing = new(null, 0, -1, Legacy: false);
    private readonly ConcurrentDictionary<string, Head> known = new(StringComparer.Ordinal);
    private readonly GroupCommitWriter writer = new();
    private readonly ConcurrentDictionary<string, bool> createdDirectories = new(StringComparer.Ordinal);

    public string Directory { get; } = Path.GetFullPath(directory);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        var (head, payload) = ReadHead(path);
        known[path] = head;
        grainState.ETag = head.ETag;
        grainState.RecordExists = payload is not null;
        if (payload is not null)
        {
            grainState.State = serializer.Deserialize<T>(payload);
        }

        return Task.CompletedTask;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        var head = CurrentHead(path);
        if (head.ETag != grainState.ETag)
        {
            throw new InconsistentStateException($"ETag mismatch for {grainId} ({stateName})", head.ETag ?? "none", grainState.ETag ?? "none");
        }

        var etag = Guid.NewGuid().ToString("N");
        var written = new Head(etag, head.Sequence + 1, head.OlderSlot, Legacy: false);
        var content = StateSlots.Encode(written.Sequence, etag, serializer.SerializeToArray(grainState.State));
        if (!createdDirectories.ContainsKey(stateName))
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            createdDirectories[stateName] = true;
        }

        await writer.WriteAsync(StateSlots.SlotPath(path, written.Slot), content);
        if (head.Legacy)
        {
            File.Delete(path);
        }

        known[path] = written;
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        var head = CurrentHead(path);
        File.Delete(path);
        File.Delete(StateSlots.SlotPath(path, head.OlderSlot));
        File.Delete(StateSlots.SlotPath(path, 1 - head.OlderSlot));
        known[path] = Missing;
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    public void Dispose() => writer.Dispose();

    private Head CurrentHead(string path)
    {
        if (owner is null)
        {
            throw new InvalidOperationException($"grain state under {Directory} is open read-only");
        }

        return owner.Exclusive && known.TryGetValue(path, out var head) ? head : ReadHead(path).Head;
    }

    /// <summary>The newest slot; else a state in the earlier one-file layout; else nothing.</summary>
    private static (Head Head, byte[]? Payload) ReadHead(string path)
    {
        if (StateSlots.ReadNewest(path) is { } newest)
        {
            return (new Head(newest.ETag, newest.Sequence, newest.Slot, Legacy: File.Exists(path)), newest.Payload);
        }

        if (!File.Exists(path))
        {
            return (Missing, null);
        }

        var (etag, payload) = ParseLegacy(File.ReadAllBytes(path), path);
        return (new Head(etag, 0, -1, Legacy: true), payload);
    }

    private string PathOf(string stateName, GrainId grainId)
    {
        var id = grainId.ToString();
        var readable = new string(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_').ToArray());
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{stateName}|{id}")))[..16];
        return Path.Combine(Directory, stateName, $"{readable[..Math.Min(readable.Length, 120)]}-{hash}.state");
    }

    private static (string ETag, byte[] Payload) ParseLegacy(byte[] bytes, string path)
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

    /// <summary>What is known of a state on disk: its ETag, the sequence and slot of its newest write (-1: none), and whether a file of the earlier layout remains.</summary>
    private sealed record Head(string? ETag, long Sequence, int Slot, bool Legacy)
    {
        /// <summary>The slot the next write overwrites (and a clear deletes first): the one that does not hold the newest state.</summary>
        public int OlderSlot => Slot == 0 ? 1 : 0;
    }
}
