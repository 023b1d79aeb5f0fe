using Google.Protobuf;
using Onnx;

namespace QuantGrid.Engine.Export.Onnx;

/// <summary>Builds an ONNX graph node by node: unique tensor names, initializers from plain arrays, attributes.</summary>
internal sealed class OnnxGraph
{
    private readonly GraphProto graph = new();
    private int next;

    public GraphProto Proto => graph;

    /// <summary>A fresh tensor name with the given prefix.</summary>
    public string Name(string prefix) => $"{prefix}_{next++}";

    public string Floats(string prefix, float[] values, params long[] dims) => Initializer(prefix, TensorProto.Types.DataType.Float, dims, Bytes(values));

    public string Int8s(string prefix, sbyte[] values, params long[] dims) => Initializer(prefix, TensorProto.Types.DataType.Int8, dims, (byte[])(Array)values);

    public string UInt8s(string prefix, byte[] values, params long[] dims) => Initializer(prefix, TensorProto.Types.DataType.Uint8, dims, values);

    public string Int32s(string prefix, int[] values, params long[] dims) => Initializer(prefix, TensorProto.Types.DataType.Int32, dims, Bytes(values));

    public string Int64s(string prefix, long[] values, params long[] dims) => Initializer(prefix, TensorProto.Types.DataType.Int64, dims, Bytes(values));

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Node(string opType, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var output = Name(opType.ToLowerInvariant());
        var node = new NodeProto { OpType = opType, Name = output + "_node" };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        graph.Node.Add(node);
        return output;
    }

    public void Input(string name, TensorProto.Types.DataType type, params object[] dims) => graph.Input.Add(Value(name, type, dims));

    public void Output(string name, TensorProto.Types.DataType type, params object[] dims) => graph.Output.Add(Value(name, type, dims));

    /// <summary>Renames the last node's output (graph outputs get stable names).</summary>
    public void RenameLastOutput(string name)
    {
        var node = graph.Node[^1];
        node.Output[0] = name;
    }

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto Text(string name, string value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    private string Initializer(string prefix, TensorProto.Types.DataType type, long[] dims, byte[] raw)
    {
        var name = Name(prefix);
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        graph.Initializer.Add(tensor);
        return name;
    }

    private static ValueInfoProto Value(string name, TensorProto.Types.DataType type, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim is string symbol ? new TensorShapeProto.Types.Dimension { DimParam = symbol } : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(dim, System.Globalization.CultureInfo.InvariantCulture) });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }

    private static byte[] Bytes<T>(T[] values)
        where T : unmanaged
    {
        var bytes = new byte[values.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()];
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(bytes);
        return bytes;
    }
}
