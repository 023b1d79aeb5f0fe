using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using QuantGrid.Engine.Models;
using QuantGrid.Engine.Quantization;
using QuantGrid.Engine.Storage;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Export;

/// <summary>Writes and reads packed quantized models; the layout is documented in docs/FORMAT.md.</summary>
public static class PackedModelFile
{
    public const ushort Version = 1;
    private const byte ConvolutionKind = 16;
    private const byte LinearKind = 17;
    private static readonly byte[] Magic = "QGQM"u8.ToArray();
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Writes the network atomically and returns the file size in bytes.</summary>
    /// <summary>Bytes of the JSON header that <paramref name="metadata"/> becomes in a packed file.</summary>
    public static int MetadataBytes(PackedModelMetadata metadata) => JsonSerializer.SerializeToUtf8Bytes(metadata, Json).Length;

    /// <exception cref="ArgumentException">A layer is left in float by its bit map (such a network is evaluated, never packed).</exception>
    public static long Write(QuantizedNetwork network, PackedModelMetadata metadata, string path)
    {
        if (network.WeightedLayers.Any(l => l.Bits.IsFloat))
        {
            throw new ArgumentException("a network with float layers (f in its bit map) cannot be packed");
        }

        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write((ushort)0);
            var header = JsonSerializer.SerializeToUtf8Bytes(metadata, Json);
            writer.Write(header.Length);
            writer.Write(header);
            writer.Write(network.Layers.Count);
            foreach (var layer in network.Layers)
            {
                if (layer is QuantLayer q)
                {
                    WriteLayer(writer, q);
                }
                else
                {
                    writer.Write((byte)StatelessLayers.KindOf(layer));
                }
            }
        }

        var body = buffer.ToArray();
        var hash = SHA256.HashData(body);
        AtomicFile.Write(path, stream =>
        {
            stream.Write(body);
            stream.Write(hash);
        });
        return body.Length + hash.Length;
    }

    /// <summary>Reads a packed file and rebuilds a network that runs inference from it alone.</summary>
    public static (QuantizedNetwork Network, PackedModelMetadata Metadata) Read(string path)
    {
        var bytes = AtomicFile.ReadWithMagic(path, Magic, Magic.Length + 32, "packed model", (message, inner) => new PackedModelException(message, inner!));

        var body = bytes.AsSpan(0, bytes.Length - 32);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - 32)))
        {
            throw new PackedModelException($"{path}: checksum mismatch: the file is corrupt or truncated");
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(body.ToArray()));
            reader.ReadBytes(Magic.Length);
            var version = reader.ReadUInt16();
            if (version != Version)
            {
                throw new PackedModelException($"{path}: format version {version} is not supported (this build reads {Version})");
            }

            reader.ReadUInt16();
            var metadata = JsonSerializer.Deserialize<PackedModelMetadata>(reader.ReadBytes(reader.ReadInt32()), Json)
                ?? throw new PackedModelException($"{path}: empty metadata");
            var count = reader.ReadInt32();
            var layers = new List<nn.Module<Tensor, Tensor>>(count);
            for (var i = 0; i < count; i++)
            {
                var kind = reader.ReadByte();
                layers.Add(kind is ConvolutionKind or LinearKind ? ReadLayer(reader, kind) : StatelessLayers.Create((StatelessLayerKind)kind));
            }

            var network = new QuantizedNetwork(layers);
            network.eval();
            return (network, metadata);
        }
        catch (Exception ex) when (ex is EndOfStreamException or InvalidDataException or JsonException or ArgumentException)
        {
            throw new PackedModelException($"{path}: malformed packed model ({ex.Message})", ex);
        }
    }

    private static void WriteLayer(BinaryWriter writer, QuantLayer layer)
    {
        var shape = layer.Shape;
        writer.Write(shape.IsConvolution ? ConvolutionKind : LinearKind);
        foreach (var value in new[] { shape.InChannels, shape.OutChannels, shape.Kernel, shape.Stride, shape.Padding, shape.Groups })
        {
            writer.Write((uint)value);
        }

        writer.Write((byte)shape.Activation);
        writer.Write((byte)layer.Bits.Weights);
        writer.Write((byte)layer.Bits.Activations);
        writer.Write(layer.Weights.PerChannel);
        writer.Write(layer.Input.Scale.item<float>());
        writer.Write((short)layer.Input.ZeroPoint.item<float>());
        var scales = layer.Weights.Scale.detach().cpu().flatten().data<float>().ToArray();
        writer.Write(scales.Length);
        Array.ForEach(scales, writer.Write);
        var bias = layer.Bias.detach().cpu().data<float>().ToArray();
        Array.ForEach(bias, writer.Write);
        using var integers = layer.Weights.Integers(layer.Weight).cpu().flatten().to(ScalarType.Int32);
        var offsets = integers.data<int>().Select(q => q - layer.Weights.Range.Min).ToArray();
        var packed = BitPacker.Pack(offsets, layer.Bits.Weights);
        writer.Write(packed.Length);
        writer.Write(packed);
    }

    private static QuantLayer ReadLayer(BinaryReader reader, byte kind)
    {
        var values = Enumerable.Range(0, 6).Select(_ => (long)reader.ReadUInt32()).ToArray();
        var activation = (Activation)reader.ReadByte();
        var bits = new LayerBits(reader.ReadByte(), reader.ReadByte());
        QuantRange.Validate(bits.Weights);
        QuantRange.Validate(bits.Activations);
        var perChannel = reader.ReadBoolean();
        var shape = kind == ConvolutionKind
            ? new QuantLayerShape(values[0], values[1], values[2], values[3], values[4], values[5], activation)
            : QuantLayerShape.Linear(values[0], values[1], activation);
        var inputScale = reader.ReadSingle();
        var inputZero = reader.ReadInt16();
        var scales = Enumerable.Range(0, reader.ReadInt32()).Select(_ => reader.ReadSingle()).ToArray();
        var bias = Enumerable.Range(0, checked((int)shape.OutChannels)).Select(_ => reader.ReadSingle()).ToArray();
        var weightCount = checked((int)shape.WeightShape.Aggregate(1L, (a, b) => a * b));
        var range = QuantRange.Symmetric(bits.Weights);
        var integers = BitPacker.Unpack(reader.ReadBytes(reader.ReadInt32()), weightCount, bits.Weights);
        if (scales.Length != (perChannel ? shape.OutChannels : 1))
        {
            throw new InvalidDataException($"{scales.Length} weight scales for {shape.OutChannels} channels");
        }

        using var q = tensor(integers.Select(v => (float)(v + range.Min)).ToArray(), shape.WeightShape);
        using var scaleTensor = tensor(scales, perChannel ? [shape.OutChannels, .. Enumerable.Repeat(1L, shape.WeightShape.Length - 1)] : [1]);
        using var weight = q * scaleTensor;
        using var biasTensor = tensor(bias);
        var layer = new QuantLayer(shape, weight, biasTensor, bits, perChannel);
        layer.Weights.Set(scales);
        layer.Input.Set(inputScale, inputZero);
        return layer;
    }
}
