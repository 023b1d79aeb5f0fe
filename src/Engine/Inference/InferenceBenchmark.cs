using QuantGrid.Engine.Data;
using QuantGrid.Engine.Export.Onnx;
using QuantGrid.Engine.Models;
using QuantGrid.Engine.Quantization;
using QuantGrid.Engine.Storage;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Inference;

/// <summary>
/// <c>quantgrid bench infer</c>: a model's fp32 weights (its newest valid checkpoint under the artifact store, else
/// random), quantized by 8-bit PTQ, exported to ONNX, and timed in TorchSharp fp32, ONNX Runtime fp32 and int8.
/// </summary>
public static class InferenceBenchmark
{
    /// <param name="runs">Timed runs per path and batch size: (batch 1, batch 64).</param>
    public static IReadOnlyList<InferenceLatency> Measure(string modelName, DatasetSplits data, string? artifactDirectory, string workDirectory, int threads, (int Batch1, int Batch64) runs, CancellationToken cancellationToken)
    {
        set_num_threads(threads);
        var info = ModelRegistry.Get(modelName);
        using var model = ModelRegistry.Create(info.Name, seed: 0);
        var weights = TrainedCheckpoint(info.Name, artifactDirectory) is { } checkpoint && TryLoad(model, checkpoint, info.Name) ? "trained" : "random";
        if (weights == "random")
        {
            BatchNormStatistics.Estimate(model, data.Train.Images);
        }

        model.eval();
        var options = new QuantizationOptions { WeightBits = 8, CalibrationBatches = 4, CalibrationBatchSize = 256 };
        using var folded = NetworkQuantizer.Build((ISequentialModel)model, options);
        using var quantized = NetworkQuantizer.Build((ISequentialModel)model, options);
        NetworkQuantizer.Calibrate(quantized, data.Train, options, seed: 0, CPU);
        var description = new OnnxModelInfo(info.Name, $"bench infer, {weights} weights, PTQ W8A8");
        var fp32Path = Path.Combine(workDirectory, $"{info.Name}.fp32.onnx");
        var int8Path = Path.Combine(workDirectory, $"{info.Name}.int8.onnx");
        OnnxExporter.Export(folded, description, quantized: false, fp32Path);
        OnnxExporter.Export(quantized, description, quantized: true, int8Path);
        using var fp32 = OnnxClassifier.Open(fp32Path, threads);
        using var int8 = OnnxClassifier.Open(int8Path, threads);

        var rows = new List<InferenceLatency>();
        foreach (var (batch, count) in new[] { (1, runs.Batch1), (64, runs.Batch64) })
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows.Add(new InferenceLatency(
                info.Name,
                batch,
                weights,
                threads,
                count,
                InferenceTiming.TorchMsPerImage(model, data.Test, batch, count),
                fp32.MillisecondsPerImage(data.Test, batch, count),
                int8.MillisecondsPerImage(data.Test, batch, count)));
        }

        return rows;
    }

    private static string? TrainedCheckpoint(string model, string? artifactDirectory)
    {
        var directory = artifactDirectory is null ? null : Path.Combine(artifactDirectory, "checkpoints");
        return directory is null || !Directory.Exists(directory)
            ? null
            : new DirectoryInfo(directory).GetFiles($"{model}-*.ckpt").OrderByDescending(f => f.LastWriteTimeUtc).Select(f => f.FullName).FirstOrDefault();
    }

    private static bool TryLoad(nn.Module<Tensor, Tensor> model, string path, string name)
    {
        try
        {
            CheckpointFile.Load(model, path, name);
            return true;
        }
        catch (CheckpointException)
        {
            return false;
        }
    }
}
