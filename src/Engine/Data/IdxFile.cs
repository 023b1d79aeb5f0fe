using System.Buffers.Binary;
using System.IO.Compression;

namespace QuantGrid.Engine.Data;

/// <summary>
/// Reads IDX files (the MNIST format: big-endian header, unsigned bytes), raw or gzip-compressed
/// (detected from the content, not the name), validating magic, dimensions and length.
/// </summary>
public static class IdxFile
{
    private const int ImageMagic = 0x00000803;
    private const int LabelMagic = 0x00000801;

    /// <summary>Reads an image file (magic 2051): count × rows × cols bytes.</summary>
    public static IdxImages ReadImages(string path)
    {
        var bytes = ReadPayload(path);
        RequireLength(path, bytes, 16, "header");
        RequireMagic(path, bytes, ImageMagic, "image");
        var count = ReadDimension(path, bytes, 4, "image count");
        var rows = ReadDimension(path, bytes, 8, "rows");
        var cols = ReadDimension(path, bytes, 12, "columns");
        if (rows == 0 || cols == 0 || rows > 4096 || cols > 4096)
        {
            throw new DataFormatException(path, $"implausible image size {rows}x{cols}");
        }

        var expected = 16L + ((long)count * rows * cols);
        if (bytes.Length != expected)
        {
            throw new DataFormatException(path, bytes.Length < expected
                ? $"truncated: header promises {count} images of {rows}x{cols} ({expected} bytes) but the file has {bytes.Length}"
                : $"{bytes.Length - expected} unexpected bytes after {count} images of {rows}x{cols}");
        }

        return new IdxImages(count, rows, cols, bytes.AsMemory(16));
    }

    /// <summary>Reads a label file (magic 2049): count bytes, each below <paramref name="classCount"/>.</summary>
    public static byte[] ReadLabels(string path, int classCount)
    {
        var bytes = ReadPayload(path);
        RequireLength(path, bytes, 8, "header");
        RequireMagic(path, bytes, LabelMagic, "label");
        var count = ReadDimension(path, bytes, 4, "label count");
        var expected = 8L + count;
        if (bytes.Length != expected)
        {
            throw new DataFormatException(path, bytes.Length < expected
                ? $"truncated: header promises {count} labels but the file has {bytes.Length - 8}"
                : $"{bytes.Length - expected} unexpected bytes after {count} labels");
        }

        var labels = bytes.AsSpan(8).ToArray();
        var bad = labels.AsSpan().IndexOfAnyExceptInRange((byte)0, (byte)(classCount - 1));
        if (bad >= 0)
        {
            throw new DataFormatException(path, $"label {labels[bad]} at index {bad} is outside 0..{classCount - 1}");
        }

        return labels;
    }

    private static byte[] ReadPayload(string path)
    {
        byte[] raw;
        try
        {
            raw = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            throw new DataFormatException(path, "file not found");
        }
        catch (DirectoryNotFoundException)
        {
            throw new DataFormatException(path, "directory not found");
        }
        catch (UnauthorizedAccessException)
        {
            throw new DataFormatException(path, "permission denied");
        }
        catch (IOException ex)
        {
            throw new DataFormatException(path, $"cannot read: {ex.Message}", ex);
        }

        if (raw.Length < 2 || raw[0] != 0x1f || raw[1] != 0x8b)
        {
            return raw;
        }

        try
        {
            using var input = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var output = new MemoryStream(raw.Length * 4);
            input.CopyTo(output);
            var declared = BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(raw.Length - 4));
            return (uint)output.Length == declared
                ? output.ToArray()
                : throw new DataFormatException(path, $"corrupt or truncated gzip stream ({output.Length} bytes decompressed, the trailer says {declared})");
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or IOException)
        {
            throw new DataFormatException(path, $"corrupt or truncated gzip stream ({ex.Message})", ex);
        }
    }

    private static void RequireLength(string path, byte[] bytes, int length, string what)
    {
        if (bytes.Length < length)
        {
            throw new DataFormatException(path, $"truncated: {bytes.Length} bytes, shorter than the {length}-byte {what}");
        }
    }

    private static void RequireMagic(string path, byte[] bytes, int magic, string kind)
    {
        var found = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (found != magic)
        {
            throw new DataFormatException(path, $"wrong magic number 0x{found:x8}, expected 0x{magic:x8} for an IDX {kind} file");
        }
    }

    private static int ReadDimension(string path, byte[] bytes, int offset, string what)
    {
        var value = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset));
        return value >= 0 ? value : throw new DataFormatException(path, $"negative {what} {value}");
    }
}
