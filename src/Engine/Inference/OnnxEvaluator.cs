using QuantGrid.Engine.Data;
using QuantGrid.Engine.Export.Onnx;
using QuantGrid.Engine.Quantization;

namespace QuantGrid.Engine.Inference;

/// <summary>Exports an experiment's models to ONNX and measures them with ONNX Runtime (accuracy, agreement, latency).</summary>
public static class OnnxEvaluator
{
    /// <summary>Timed runs at batch 1 and at batch 64 inside a sweep (bench infer uses more).</summary>
    public const int SweepRunsBatch1 = 200;

    public const int SweepRunsBatch64 = 10;

    /// <summary>
    /// Writes <paramref name="floatNetwork"/> as the fp32 reference next to <paramref name="path"/> and, when
    /// <paramref name="quantized"/> is given, the int8 model at <paramref name="path"/> (else the fp32 model goes there);
    /// evaluates the exported model on <paramref name="test"/> against <paramref name="enginePredictions"/> and times both.
    /// </summary>
    public static OnnxEvaluation Run(QuantizedNetwork floatNetwork, QuantizedNetwork? quantized, OnnxModelInfo info, string path, LabelledImages test, IReadOnlyList<int> enginePredictions, int threads, CancellationToken cancellationToken)
    {
        var floatPath = quantized is null ? path : FloatPath(path);
        OnnxExporter.Export(floatNetwork, info, quantized: false, floatPath);
        var bytes = quantized is null ? new FileInfo(path).Length : OnnxExporter.Export(quantized, info, quantized: true, path);

        using var fp32 = OnnxClassifier.Open(floatPath, threads);
        using var int8 = quantized is null ? null : OnnxClassifier.Open(path, threads);
        var exported = int8 ?? fp32;
        var predictions = exported.Predict(test, cancellationToken: cancellationToken);
        var correct = predictions.Where((p, i) => p == test.LabelValues[i]).Count();
        var agreeing = predictions.Where((p, i) => p == enginePredictions[i]).Count();
        cancellationToken.ThrowIfCancellationRequested();
        return new OnnxEvaluation(
            path,
            bytes,
            correct / (double)Math.Max(1, test.Count),
            agreeing / (double)Math.Max(1, test.Count),
            fp32.MillisecondsPerImage(test, 1, SweepRunsBatch1),
            fp32.MillisecondsPerImage(test, 64, SweepRunsBatch64),
            int8?.MillisecondsPerImage(test, 1, SweepRunsBatch1),
            int8?.MillisecondsPerImage(test, 64, SweepRunsBatch64));
    }

    /// <summary>The fp32 reference written beside an int8 model: <c>name.fp32.onnx</c>.</summary>
    public static string FloatPath(string int8Path) => System.IO.Path.ChangeExtension(int8Path, ".fp32.onnx");
}
