using System.Buffers.Binary;
using System.IO.Compression;

namespace QuantGrid.Engine.Tests.Data;

/// <summary>Writes small IDX files (and damaged variants) for reader tests.</summary>
internal static class IdxWriter
{
    public static byte[] Images(int count, int rows, int cols, int magic = 0x803)
    {
        var bytes = new byte[16 + (count * rows * cols)];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), cols);
        for (var i = 16; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(i * 7);
        }

        return bytes;
    }

    public static byte[] Labels(params byte[] labels)
    {
        var bytes = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x801);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), labels.Length);
        labels.CopyTo(bytes, 8);
        return bytes;
    }

    public static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return buffer.ToArray();
    }

    /// <summary>A data set directory with <paramref name="trainCount"/> and <paramref name="testCount"/> 28×28 images, labels cycling 0..9.</summary>
    public static void WriteDataset(string directory, int trainCount, int testCount, bool compress = true)
    {
        Write(directory, "train-images-idx3-ubyte", Images(trainCount, 28, 28), compress);
        Write(directory, "train-labels-idx1-ubyte", Labels([.. Enumerable.Range(0, trainCount).Select(i => (byte)(i % 10))]), compress);
        Write(directory, "t10k-images-idx3-ubyte", Images(testCount, 28, 28), compress);
        Write(directory, "t10k-labels-idx1-ubyte", Labels([.. Enumerable.Range(0, testCount).Select(i => (byte)(i % 10))]), compress);
    }

    public static void Write(string directory, string name, byte[] content, bool compress) =>
        File.WriteAllBytes(Path.Combine(directory, compress ? name + ".gz" : name), compress ? Gzip(content) : content);
}
