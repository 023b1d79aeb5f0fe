using System.Buffers.Binary;
using System.Text;

namespace QuantGrid.Engine.Runtime;

/// <summary>
/// Marks one version-need entry (for example <c>GLIBCXX_3.4.32</c>) of an ELF64 little-endian shared
/// library as weak (<c>VER_FLG_WEAK</c>), so the dynamic loader accepts an older libstdc++ that lacks
/// that version. Used for <c>libLibTorchSharp.so</c>, which names the version only for a marker symbol
/// it never calls.
/// </summary>
public static class ElfVersionNeedPatcher
{
    private const uint SectionTypeGnuVersionNeed = 0x6ffffffe;
    private const ushort VersionFlagWeak = 0x2;

    /// <summary>The state of a version need in a library.</summary>
    public enum NeedState
    {
        /// <summary>The library does not name the version.</summary>
        Absent,

        /// <summary>The library needs the version and loading fails without it.</summary>
        Strong,

        /// <summary>The need is already weak.</summary>
        Weak,
    }

    /// <summary>Reads the state of <paramref name="versionName"/> in the library image.</summary>
    public static NeedState Inspect(ReadOnlySpan<byte> image, string versionName) =>
        FindAuxFlagsOffset(image, versionName) is { } offset
            ? (BinaryPrimitives.ReadUInt16LittleEndian(image[offset..]) & VersionFlagWeak) != 0 ? NeedState.Weak : NeedState.Strong
            : NeedState.Absent;

    /// <summary>Sets the weak flag on <paramref name="versionName"/>; returns false when it is absent or already weak.</summary>
    public static bool MarkWeak(Span<byte> image, string versionName)
    {
        if (FindAuxFlagsOffset(image, versionName) is not { } offset)
        {
            return false;
        }

        var flags = BinaryPrimitives.ReadUInt16LittleEndian(image[offset..]);
        if ((flags & VersionFlagWeak) != 0)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16LittleEndian(image[offset..], (ushort)(flags | VersionFlagWeak));
        return true;
    }

    private static int? FindAuxFlagsOffset(ReadOnlySpan<byte> image, string versionName)
    {
        if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
        {
            throw new InvalidDataException("not an ELF file");
        }

        if (image[4] != 2 || image[5] != 1)
        {
            throw new InvalidDataException("only 64-bit little-endian ELF files are supported");
        }

        var sectionTable = checked((int)ReadU64(image, 0x28));
        var sectionSize = ReadU16(image, 0x3A);
        var sectionCount = ReadU16(image, 0x3C);
        var wanted = Encoding.ASCII.GetBytes(versionName);

        for (var i = 0; i < sectionCount; i++)
        {
            var header = sectionTable + (i * sectionSize);
            if (ReadU32(image, header + 4) != SectionTypeGnuVersionNeed)
            {
                continue;
            }

            var needOffset = checked((int)ReadU64(image, header + 0x18));
            var stringsHeader = sectionTable + (checked((int)ReadU32(image, header + 0x28)) * sectionSize);
            var strings = checked((int)ReadU64(image, stringsHeader + 0x18));
            var needCount = ReadU32(image, header + 0x2C);

            for (var n = 0; n < needCount; n++)
            {
                var auxCount = ReadU16(image, needOffset + 2);
                var aux = needOffset + checked((int)ReadU32(image, needOffset + 8));
                for (var a = 0; a < auxCount; a++)
                {
                    var name = strings + checked((int)ReadU32(image, aux + 8));
                    if (NameEquals(image, name, wanted))
                    {
                        return aux + 4;
                    }

                    aux += checked((int)ReadU32(image, aux + 12));
                }

                needOffset += checked((int)ReadU32(image, needOffset + 12));
            }
        }

        return null;
    }

    private static bool NameEquals(ReadOnlySpan<byte> image, int offset, byte[] wanted) =>
        offset + wanted.Length < image.Length
        && image.Slice(offset, wanted.Length).SequenceEqual(wanted)
        && image[offset + wanted.Length] == 0;

    private static ushort ReadU16(ReadOnlySpan<byte> image, int offset) => BinaryPrimitives.ReadUInt16LittleEndian(Slice(image, offset, 2));

    private static uint ReadU32(ReadOnlySpan<byte> image, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(Slice(image, offset, 4));

    private static ulong ReadU64(ReadOnlySpan<byte> image, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(Slice(image, offset, 8));

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> image, int offset, int length) =>
        offset >= 0 && offset + length <= image.Length
            ? image.Slice(offset, length)
            : throw new InvalidDataException($"ELF structure points outside the file (offset {offset})");
}
