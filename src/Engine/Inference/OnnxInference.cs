using System.Diagnostics;
using QuantGrid.Engine.Data;
using QuantGrid.Engine.Export;
using QuantGrid.Engine.Models;
using QuantGrid.Engine.Storage;
using QuantGrid.Engine.Training;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Inference;

/// <summary>Evaluates an exported ONNX model on a test split and compares it with the engine model it came from.</summary>
public static class OnnxInference
{
    private static readonly string[] ReferenceExtensions = [".qgm", ".ckpt"];

    /// <summary>
    /// Runs <paramref name="onnxPath"/> on the test split; the reference is <paramref name="referencePath"/>, else the
    /// packed model (<c>.qgm</c>) or float checkpoint (<c>.ckpt</c>) with the same name beside it, else none.
    /// </summary>
    /// <exception cref="OnnxModelException">The ONNX file is bad, or it and the reference are of different models.</exception>
    public static InferenceReport Run(string onnxPath, string? referencePath, string? expectedModel, DatasetInfo dataset, string? dataDirectory, int? testLimit, int threads, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var onnx = OnnxClassifier.Open(onnxPath, threads);
        if (!ModelRegistry.All.Any(m => m.Name == onnx.Model))
        {
            throw new OnnxModelException($"{onnxPath}: not a QuantGrid model (its metadata names no known model)");
        }

        if (expectedModel is not null && ModelRegistry.Get(expectedModel).Name != onnx.Model)
        {
            throw new OnnxModelException($"{onnxPath}: is a {onnx.Model} model, not {ModelRegistry.Get(expectedModel).Name}");
        }

        var reference = referencePath ?? ReferenceExtensions.Select(extension => Path.ChangeExtension(onnxPath, extension)).FirstOrDefault(File.Exists);
        using var data = DatasetLoader.Load(dataset, DatasetLocator.Resolve(dataset, dataDirectory), trainLimit: 1, testLimit);
        var predictions = onnx.Predict(data.Test, cancellationToken: cancellationToken);
        var correct = predictions.Where((p, i) => p == data.Test.LabelValues[i]).Count();
        double? agreement = null;
        if (reference is not null)
        {
            using var model = LoadReference(reference, onnx.Model);
            var engine = Evaluator.Evaluate(model, data.Test, latencySamples: 0, device: "cpu", cancellationToken: cancellationToken).Predictions;
            agreement = predictions.Where((p, i) => p == engine[i]).Count() / (double)Math.Max(1, data.Test.Count);
        }

        return new InferenceReport(onnx.Model, onnx.Precision, data.Test.Count, correct / (double)Math.Max(1, data.Test.Count), agreement, reference, clock.Elapsed.TotalSeconds);
    }

    private static nn.Module<Tensor, Tensor> LoadReference(string path, string model)
    {
        if (!File.Exists(path))
        {
            throw new OnnxModelException($"{path}: no such reference model file");
        }

        if (path.EndsWith(".ckpt", StringComparison.OrdinalIgnoreCase))
        {
            var metadata = CheckpointFile.ReadMetadata(path);
            if (metadata.Model != model)
            {
                throw new OnnxModelException($"{path}: is a {metadata.Model} checkpoint, but the ONNX model is {model}");
            }

            var network = ModelRegistry.Create(model, seed: 0);
            CheckpointFile.Load(network, path, model);
            return network;
        }

        var (packed, packedMetadata) = PackedModelFile.Read(path);
        if (packedMetadata.Model != model)
        {
            packed.Dispose();
            throw new OnnxModelException($"{path}: is a packed {packedMetadata.Model} model, but the ONNX model is {model}");
        }

        return packed;
    }
}
