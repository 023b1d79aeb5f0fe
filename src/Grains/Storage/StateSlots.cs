using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace QuantGrid.Grains.Storage;

/// <summary>
/// The two slot files that hold one grain state: each write overwrites the older slot in place with a higher
/// sequence number and a checksum, so the newer slot always survives a torn write, and no file is created,
/// renamed or deleted once both exist (creating and deleting a file per write is what made the old layout slow
/// on ext4). A reader takes the valid slot with the highest sequence; a state written by the earlier layout
/// (one file, no slots) is read when no slot exists.
/// </summary>
internal static class StateSlots
{
    private const int HeaderLength = 4 + 8 + 4 + 4;
    private const int ChecksumLength = 8;
    private static readonly byte[] Magic = "QGS1"u8.ToArray();

    /// <summary>The file of slot 0 or 1 of the state whose earlier single file was <paramref name="legacyPath"/>.</summary>
    public static string SlotPath(string legacyPath, int slot) => Path.ChangeExtension(legacyPath, slot == 0 ? ".a.state" : ".b.state");

    public static byte[] Encode(long sequence, string etag, ReadOnlySpan<byte> payload)
    {
        var etagLength = Encoding.ASCII.GetByteCount(etag);
        var bytes = new byte[HeaderLength + etagLength + payload.Length + ChecksumLength];
        Magic.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(4), sequence);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(12), etagLength);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(16), payload.Length);
        Encoding.ASCII.GetBytes(etag, bytes.AsSpan(HeaderLength));
        payload.CopyTo(bytes.AsSpan(HeaderLength + etagLength));
        Checksum(bytes.AsSpan(0, bytes.Length - ChecksumLength)).CopyTo(bytes.AsSpan(bytes.Length - ChecksumLength));
        return bytes;
    }

    /// <summary>The slot's content, or null when it is missing, torn or not a slot file.</summary>
    public static StoredSlot? TryDecode(int slot, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderLength + ChecksumLength || !bytes[..4].SequenceEqual(Magic))
        {
            return null;
        }

        var etagLength = BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]);
        var payloadLength = BinaryPrimitives.ReadInt32LittleEndian(bytes[16..]);
        if (etagLength is < 0 or > 256 || payloadLength < 0 || (long)HeaderLength + etagLength + payloadLength + ChecksumLength > bytes.Length)
        {
            return null;
        }

        var end = HeaderLength + etagLength + payloadLength;
        if (!Checksum(bytes[..end]).SequenceEqual(bytes.Slice(end, ChecksumLength)))
        {
            return null;
        }

        return new StoredSlot(
            slot,
            BinaryPrimitives.ReadInt64LittleEndian(bytes[4..]),
            Encoding.ASCII.GetString(bytes.Slice(HeaderLength, etagLength)),
            bytes.Slice(HeaderLength + etagLength, payloadLength).ToArray());
    }

    /// <summary>The newest valid slot of the state at <paramref name="legacyPath"/>, or null when neither slot holds one.</summary>
    public static StoredSlot? ReadNewest(string legacyPath)
    {
        StoredSlot? newest = null;
        for (var slot = 0; slot < 2; slot++)
        {
            var bytes = TryReadAll(SlotPath(legacyPath, slot));
            if (bytes is not null && TryDecode(slot, bytes) is { } stored && (newest is null || stored.Sequence > newest.Sequence))
            {
                newest = stored;
            }
        }

        return newest;
    }

    private static byte[]? TryReadAll(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static byte[] Checksum(ReadOnlySpan<byte> content) => SHA256.HashData(content)[..ChecksumLength];
}

/// <summary>One slot's content: its sequence number (the newest slot wins), the state's ETag and its serialized payload.</summary>
internal sealed record StoredSlot(int Slot, long Sequence, string ETag, byte[] Payload);
