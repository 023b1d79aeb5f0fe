using Google.Protobuf;
using Onnx;
using QuantGrid.Engine.Data;
using QuantGrid.Engine.Export.Onnx;
using QuantGrid.Engine.Inference;
using QuantGrid.Engine.Models;
using QuantGrid.Engine.Quantization;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Tests.Export;

public sealed class OnnxExportTests : IDisposable
{
    private static readonly string[] FloatKernels = ["Conv", "FusedConv", "Gemm", "FusedGemm", "MatMul", "FusedMatMul", "NchwcConv"];
    private readonly TempDirectory temp = new();
    private readonly DatasetSplits splits = TestData.LoadFashion(trainLimit: 512, testLimit: 200);

    [Theory]
    [InlineData("cnn")]
    [InlineData("mobilenet")]
    [InlineData("vgg16")]
    public void The_float_export_computes_the_engines_logits(string name)
    {
        using var model = RandomModel(name);
        using var network = Quantized(model, bits: 8);
        var path = temp.File($"{name}-fp32.onnx");

        OnnxExporter.Export(network, new OnnxModelInfo(name, "test"), quantized: false, path);

        using var onnx = OnnxClassifier.Open(path, threads: 2);
        using var noGrad = no_grad();
        using var images = splits.Test.Images.narrow(0, 16, 16);
        var expected = model.call(images).data<float>().ToArray();
        var actual = onnx.Logits(images.contiguous().data<float>().ToArray(), 16);
        var tolerance = 1e-3 * expected.Max(Math.Abs) + 1e-5;
        Assert.All(expected.Zip(actual), pair => Assert.InRange(pair.Second, pair.First - tolerance, pair.First + tolerance));
        Assert.Equal("fp32", onnx.Precision);
        Assert.Equal(name, onnx.Model);
    }

    [Theory]
    [InlineData("cnn", 8)]
    [InlineData("cnn", 2)]
    [InlineData("mobilenet", 8)]
    [InlineData("vgg16", 8)]
    public void The_int8_export_runs_every_hidden_layer_on_integer_kernels_and_predicts_what_the_engine_predicts(string name, int weightBits)
    {
        using var model = RandomModel(name);
        using var network = Quantized(model, weightBits);
        var path = temp.File($"{name}-int8.onnx");
        var optimizedPath = temp.File($"{name}-int8.optimized.onnx");

        OnnxExporter.Export(network, new OnnxModelInfo(name, "test"), quantized: true, path);

        using var onnx = OnnxClassifier.Open(path, threads: 2, optimizedPath);
        var predicted = onnx.Predict(splits.Test);
        var nodes = ModelProto.Parser.ParseFrom(File.ReadAllBytes(optimizedPath)).Graph.Node.Select(n => n.OpType).ToList();
        // Every convolution and linear layer runs on an integer kernel, except the float logits (QGemm with float output
        // or a float Gemm) and the CNN's one-channel input convolution (a 9-long dot product: float is faster, by design).
        var convolutions = network.WeightedLayers.Count(l => l.Shape.IsConvolution);
        var shallow = name == "cnn" ? 1 : 0;
        var linears = network.WeightedLayers.Count(l => !l.Shape.IsConvolution);
        Assert.Equal(convolutions - shallow, nodes.Count(op => op == "QLinearConv"));
        Assert.InRange(nodes.Count(op => op is "QGemm" or "QLinearMatMul" or "MatMulIntegerToFloat"), linears - 1, linears);
        Assert.InRange(nodes.Count(op => FloatKernels.Contains(op)), shallow, shallow + 1);

        using var noGrad = no_grad();
        using var logits = network.call(splits.Test.Images);
        var engine = logits.argmax(1).data<long>().ToArray();
        var agreement = predicted.Zip(engine).Count(p => p.First == p.Second) / (double)engine.Length;
        Assert.True(agreement >= 0.97, $"ONNX Runtime agrees with the engine on {agreement:P1} of the images");
    }

    [Fact]
    public void Integer_weights_scales_and_zero_points_round_trip_through_the_file()
    {
        using var model = RandomModel("cnn");
        using var network = Quantized(model, bits: 4, activationBits: 4);

        var proto = OnnxExporter.Build(network, new OnnxModelInfo("cnn", "test"), quantized: true);

        var initializers = proto.Graph.Initializer.ToDictionary(t => t.Name);
        var weightNodes = proto.Graph.Node.Where(n => n.OpType == "DequantizeLinear" && n.Input[0].StartsWith("weight_q", StringComparison.Ordinal)).ToList();
        var (shallow, integerLayers) = (network.WeightedLayers.First(), network.WeightedLayers.Skip(1).ToList());
        Assert.Equal(integerLayers.Count, weightNodes.Count);
        using (NewDisposeScope())
        {
            var onGrid = shallow.Weights.Integers(shallow.Weight) * shallow.Weights.Scale.detach();
            var floatWeights = Floats(initializers[proto.Graph.Node.First(n => n.OpType == "Conv").Input[1]]);
            Assert.Equal(onGrid.flatten().data<float>().ToArray(), floatWeights);
        }

        foreach (var (layer, node) in integerLayers.Zip(weightNodes))
        {
            using var scope = NewDisposeScope();
            var integers = initializers[node.Input[0]].RawData.ToByteArray().Select(b => (float)(sbyte)b).ToArray();
            var scales = Floats(initializers[node.Input[1]]);
            Assert.Equal(layer.Weights.Integers(layer.Weight).flatten().data<float>().ToArray(), integers);
            Assert.Equal(layer.Weights.Scale.detach().flatten().data<float>().ToArray(), scales);
            Assert.Equal(layer.Shape.OutChannels, scales.Length);
            Assert.Equal(0, node.Attribute.Single(a => a.Name == "axis").I);
            Assert.All(initializers[node.Input[2]].RawData.ToByteArray(), zero => Assert.Equal(0, zero));
            Assert.InRange(integers.Max(Math.Abs), 1, layer.Weights.Range.Max);
        }

        var first = integerLayers[0].Input;
        var quantize = proto.Graph.Node.First(n => n.OpType == "QuantizeLinear");
        var (scale, zero) = OnnxExporter.EightBitParameters(first);
        Assert.Equal(scale, Floats(initializers[quantize.Input[1]]).Single());
        Assert.Equal(zero, initializers[quantize.Input[2]].RawData.ToByteArray().Single());
        Assert.Equal(first.Scale.item<float>() * 15 / 255, scale, 6);
        Assert.Equal((byte)Math.Round(first.ZeroPoint.item<float>() * 17), zero);
    }

    [Fact]
    public void Missing_damaged_and_foreign_files_are_rejected_in_one_line()
    {
        using var model = RandomModel("cnn");
        using var network = Quantized(model, bits: 8);
        var good = temp.File("good.onnx");
        OnnxExporter.Export(network, new OnnxModelInfo("cnn", "test"), quantized: true, good);
        var truncated = temp.File("truncated.onnx");
        File.WriteAllBytes(truncated, File.ReadAllBytes(good)[..^200]);
        var garbage = temp.File("garbage.onnx");
        File.WriteAllText(garbage, "not a model");
        var foreign = temp.File("foreign.onnx");
        var proto = OnnxExporter.Build(network, new OnnxModelInfo("cnn", "test"), quantized: true);
        proto.Graph.Input[0].Name = "pixels";
        proto.Graph.Node.Where(n => n.Input.Contains(OnnxExporter.InputName)).ToList().ForEach(n => n.Input[n.Input.IndexOf(OnnxExporter.InputName)] = "pixels");
        File.WriteAllBytes(foreign, proto.ToByteArray());

        foreach (var (path, expected) in new[] { (temp.File("missing.onnx"), "no such"), (truncated, "not a valid ONNX model"), (garbage, "not a valid ONNX model"), (foreign, "not a QuantGrid model") })
        {
            var error = Assert.Throws<OnnxModelException>(() => OnnxClassifier.Open(path, threads: 1));
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Message);
        }
    }

    public void Dispose()
    {
        splits.Dispose();
        temp.Dispose();
    }

    private static float[] Floats(TensorProto tensor) =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();

    /// <summary>Random weights with batch-norm statistics from a few batches, so activations keep a realistic scale through every layer.</summary>
    private nn.Module<Tensor, Tensor> RandomModel(string name)
    {
        var model = ModelRegistry.Create(name, seed: 1);
        BatchNormStatistics.Estimate(model, splits.Train.Images, batches: 10);
        return model;
    }

    private QuantizedNetwork Quantized(nn.Module<Tensor, Tensor> model, int bits, int activationBits = 8)
    {
        var options = new QuantizationOptions { WeightBits = bits, ActivationBits = activationBits, EdgeLayers = EdgeLayerPolicy.Uniform, CalibrationBatches = 2, CalibrationBatchSize = 256 };
        var network = NetworkQuantizer.Build((ISequentialModel)model, options);
        NetworkQuantizer.Calibrate(network, splits.Train, options, seed: 0, CPU);
        network.eval();
        return network;
    }
}
