using Google.Protobuf;
using Onnx;
using QuantGrid.Engine.Models;
using QuantGrid.Engine.Quantization;
using QuantGrid.Engine.Storage;
using TorchSharp.Modules;
using static TorchSharp.torch;
using DataType = Onnx.TensorProto.Types.DataType;

namespace QuantGrid.Engine.Export.Onnx;

/// <summary>
/// Writes a <see cref="QuantizedNetwork"/> as a standard ONNX model (opset 13): in QDQ form for ONNX Runtime's
/// integer kernels, or in fp32 as the reference. The layout and its rules are in docs/FORMAT.md.
/// </summary>
public static class OnnxExporter
{
    /// <summary>The opset the files declare.</summary>
    public const int Opset = 13;

    /// <summary>The graph input: normalised images [batch, 1, 28, 28].</summary>
    public const string InputName = "images";

    /// <summary>The graph output: float logits [batch, classes].</summary>
    public const string OutputName = "logits";

    /// <summary>Metadata key naming the model (cnn, mobilenet, vgg16).</summary>
    public const string ModelKey = "quantgrid.model";

    /// <summary>Metadata key: "int8" (QDQ) or "fp32".</summary>
    public const string PrecisionKey = "quantgrid.precision";

    private const int ImageSide = 28;

    /// <summary>
    /// Writes the network atomically and returns the file's size. <paramref name="quantized"/> false writes the
    /// folded float weights (the network need not be calibrated); true writes the calibrated integer model.
    /// </summary>
    public static long Export(QuantizedNetwork network, OnnxModelInfo info, bool quantized, string path)
    {
        var model = Build(network, info, quantized);
        AtomicFile.Write(path, model.WriteTo);
        return new FileInfo(path).Length;
    }

    /// <summary>Builds the ONNX model in memory.</summary>
    public static ModelProto Build(QuantizedNetwork network, OnnxModelInfo info, bool quantized)
    {
        if (quantized && network.WeightedLayers.Any(l => l.Bits.IsFloat))
        {
            throw new ArgumentException("a network with float layers (f in its bit map) is not exported as an integer model");
        }

        var graph = new OnnxGraph();
        graph.Proto.Name = $"quantgrid_{info.Model}";
        graph.Input(InputName, DataType.Float, "batch", 1, ImageSide, ImageSide);
        var writer = new Writer(graph, network.Layers, quantized);
        var logits = writer.Run(InputName);
        if (graph.Proto.Node[^1].Output[0] != logits)
        {
            throw new InvalidOperationException("the network's last layer must produce the logits");
        }

        graph.RenameLastOutput(OutputName);
        var classes = network.WeightedLayers.Last().Shape.OutChannels;
        graph.Output(OutputName, DataType.Float, "batch", classes);

        var model = new ModelProto
        {
            IrVersion = 7,
            ProducerName = "QuantGrid",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "0",
            DocString = $"QuantGrid {info.Model} {(quantized ? "int8 QDQ" : "fp32")} ({info.Description})",
            Graph = graph.Proto,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        model.MetadataProps.Add(new StringStringEntryProto { Key = ModelKey, Value = info.Model });
        model.MetadataProps.Add(new StringStringEntryProto { Key = PrecisionKey, Value = quantized ? "int8" : "fp32" });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "quantgrid.description", Value = info.Description });
        return model;
    }

    /// <summary>
    /// The 8-bit (scale, zero point) that an activation quantizer's range becomes in the file: the same scale and
    /// zero point at 8 bits; below 8 bits the same real range on the finer uint8 grid (integer kernels are 8-bit).
    /// </summary>
    public static (float Scale, byte ZeroPoint) EightBitParameters(ActivationQuantizer quantizer)
    {
        var scale = quantizer.Scale.detach().cpu().item<float>();
        var zero = quantizer.ZeroPoint.cpu().item<float>();
        var levels = quantizer.Range.Max;
        if (levels == byte.MaxValue)
        {
            return (scale, (byte)Math.Clamp(Math.Round(zero), 0, 255));
        }

        var stretch = (double)byte.MaxValue / levels;
        return ((float)(scale / stretch), (byte)Math.Clamp(Math.Round(zero * stretch), 0, 255));
    }

    private sealed class Writer(OnnxGraph graph, IReadOnlyList<nn.Module<Tensor, Tensor>> layers, bool quantized)
    {
        private (float Scale, byte ZeroPoint)? current;
        private long side = ImageSide;
        private Activation pending = Activation.None;

        public string Run(string input)
        {
            var x = input;
            for (var i = 0; i < layers.Count; i++)
            {
                x = layers[i] switch
                {
                    QuantLayer layer => Weighted(layer, x, i),
                    var stateless => Stateless(stateless, x, i),
                };
            }

            return x;
        }

        private string Weighted(QuantLayer layer, string x, int index)
        {
            var integer = quantized && !IsShallow(layer.Shape);
            float inputScale = 1;
            if (integer)
            {
                var parameters = EightBitParameters(layer.Input);
                inputScale = parameters.Scale;
                if (current != parameters)
                {
                    x = QuantizeDequantize(x, parameters);
                }
            }

            var weight = integer ? QuantizedWeight(layer, inputScale, out var bias) : FloatWeight(layer, quantized, out bias);
            var shape = layer.Shape;
            x = shape.IsConvolution
                ? graph.Node(
                    "Conv",
                    [x, weight, bias],
                    OnnxGraph.Ints("kernel_shape", shape.Kernel, shape.Kernel),
                    OnnxGraph.Ints("strides", shape.Stride, shape.Stride),
                    OnnxGraph.Ints("pads", shape.Padding, shape.Padding, shape.Padding, shape.Padding),
                    OnnxGraph.Ints("dilations", 1, 1),
                    OnnxGraph.Int("group", shape.Groups))
                : graph.Node("Gemm", [x, weight, bias], OnnxGraph.Int("transB", 1));
            // A float layer's activation moves after the max pool that follows it (they commute): the pool then runs in
            // float, and the quantizer after it is not propagated up onto ONNX Runtime's slow NCHW uint8 max pool.
            var defer = quantized && !integer && layers.ElementAtOrDefault(index + 1) is MaxPool2d;
            (x, pending) = defer ? (x, shape.Activation) : (Activate(x, shape.Activation), Activation.None);
            current = null;
            side = shape.IsConvolution ? ((side + (2 * shape.Padding) - shape.Kernel) / shape.Stride) + 1 : 1;
            if (integer && NextWeighted(index) is { } next)
            {
                // A quantizer right after the activation lets ONNX Runtime fuse the layer into an integer kernel. Max
                // pooling and flattening commute with quantization, so the next layer's parameters are exact there.
                // Before an average pool (MobileNet) the values are quantized on 8 bits over ReLU6's [0, 6], or over
                // the pooled range times the pool's area when that is smaller (an average never exceeds it).
                var parameters = EightBitParameters(next.Input);
                if (shape.Activation == Activation.Relu6 && !layers.Skip(index + 1).TakeWhile(l => l is not QuantLayer).All(l => l is MaxPool2d or Flatten))
                {
                    parameters = (Math.Min(6f / byte.MaxValue, parameters.Scale * side * side), 0);
                }

                x = QuantizeDequantize(x, parameters);
            }

            return x;
        }

        private string Stateless(nn.Module<Tensor, Tensor> layer, string x, int index)
        {
            x = layer is MaxPool2d ? x : Activate(x, pending);
            x = StatelessLayers.KindOf(layer) switch
            {
                StatelessLayerKind.InputAdapter => Adapt(x),
                StatelessLayerKind.MaxPool2 => Activate(MaxPool(x), pending),
                StatelessLayerKind.GlobalAveragePool => graph.Node("GlobalAveragePool", [x]),
                StatelessLayerKind.Flatten => graph.Node("Flatten", [x], OnnxGraph.Int("axis", 1)),
                var kind => throw new NotSupportedException($"layer kind {kind} has no ONNX form"),
            };
            current = null;
            pending = Activation.None;
            if (quantized && NextWeighted(index) is { } next)
            {
                var parameters = EightBitParameters(next.Input);
                x = QuantizeDequantize(x, parameters);
            }

            return x;
        }

        private string Activate(string x, Activation activation) => activation switch
        {
            Activation.Relu => graph.Node("Relu", [x]),
            Activation.Relu6 => graph.Node("Clip", [x, graph.Floats("zero", [0f]), graph.Floats("six", [6f])]),
            _ => x,
        };

        private string MaxPool(string x)
        {
            side /= 2;
            return graph.Node("MaxPool", [x], OnnxGraph.Ints("kernel_shape", 2, 2), OnnxGraph.Ints("strides", 2, 2));
        }

        private string Adapt(string x)
        {
            var border = (InputAdapter.Side - ImageSide) / 2;
            side = InputAdapter.Side;
            var pads = graph.Int64s("pads", [0, 0, border, border, 0, 0, border, border], 8);
            x = graph.Node("Pad", [x, pads], OnnxGraph.Text("mode", "edge"));
            return graph.Node("Expand", [x, graph.Int64s("rgb", [1, 3, 1, 1], 4)]);
        }

        private string QuantizeDequantize(string x, (float Scale, byte ZeroPoint) parameters)
        {
            var scale = graph.Floats("act_scale", [parameters.Scale]);
            var zero = graph.UInt8s("act_zero", [parameters.ZeroPoint]);
            var q = graph.Node("QuantizeLinear", [x, scale, zero]);
            current = parameters;
            return graph.Node("DequantizeLinear", [q, scale, zero]);
        }

        private string QuantizedWeight(QuantLayer layer, float inputScale, out string bias)
        {
            using var scope = NewDisposeScope();
            var shape = layer.Shape.WeightShape;
            var integers = layer.Weights.Integers(layer.Weight).cpu().to(ScalarType.Int8).flatten().data<sbyte>().ToArray();
            var scales = layer.Weights.Scale.detach().cpu().flatten().data<float>().ToArray();
            var perChannel = scales.Length > 1;
            var scaleDims = perChannel ? new long[] { scales.Length } : [];
            var weight = graph.Int8s("weight_q", integers, shape);
            var weightScale = graph.Floats("weight_scale", scales, scaleDims);
            var weightZero = graph.Int8s("weight_zero", new sbyte[scales.Length], scaleDims);
            AttributeProto[] axis = perChannel ? [OnnxGraph.Int("axis", 0)] : [];
            var dequantized = graph.Node("DequantizeLinear", [weight, weightScale, weightZero], axis);

            var biasValues = layer.Bias.detach().cpu().data<float>().ToArray();
            var biasScales = biasValues.Select((_, c) => inputScale * scales[perChannel ? c : 0]).ToArray();
            var biasIntegers = biasValues.Select((b, c) => BiasInteger(b, biasScales[c])).ToArray();
            var biasQ = graph.Int32s("bias_q", biasIntegers, biasValues.Length);
            var biasScale = graph.Floats("bias_scale", biasScales, biasValues.Length);
            var biasZero = graph.Int32s("bias_zero", new int[biasValues.Length], biasValues.Length);
            bias = graph.Node("DequantizeLinear", [biasQ, biasScale, biasZero], OnnxGraph.Int("axis", 0));
            return dequantized;
        }

        private static int BiasInteger(float bias, float scale)
        {
            var integer = Math.Round(bias / scale);
            return integer is >= int.MinValue and <= int.MaxValue
                ? (int)integer
                : throw new Inference.OnnxModelException($"cannot export: a bias of {bias:G4} does not fit int32 at scale {scale:G4} (the layer's input range is degenerate)");
        }

        /// <summary>The float weights; <paramref name="onGrid"/> takes them as the quantized network has them (integers × scales).</summary>
        private string FloatWeight(QuantLayer layer, bool onGrid, out string bias)
        {
            using var scope = NewDisposeScope();
            bias = graph.Floats("bias", layer.Bias.detach().cpu().data<float>().ToArray(), layer.Shape.OutChannels);
            var weight = onGrid ? layer.Weights.Integers(layer.Weight) * layer.Weights.Scale.detach() : layer.Weight.detach();
            return graph.Floats("weight", weight.cpu().contiguous().flatten().data<float>().ToArray(), layer.Shape.WeightShape);
        }

        /// <summary>
        /// A dense convolution whose dot products are shorter than 16 (the CNN's first layer: one input channel, 3×3) runs
        /// slower on integer kernels than in float, so its weights go on their grid in float and its output is quantized.
        /// Depthwise convolutions have integer kernels of their own and stay integer.
        /// </summary>
        private static bool IsShallow(QuantLayerShape shape) => shape.IsConvolution && shape.Groups == 1 && shape.InChannels * shape.Kernel * shape.Kernel < 16;

        private QuantLayer? NextWeighted(int index) => layers.Skip(index + 1).OfType<QuantLayer>().FirstOrDefault();
    }
}
