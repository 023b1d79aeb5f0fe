using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using QuantGrid.Engine.Data;
using QuantGrid.Engine.Export.Onnx;

namespace QuantGrid.Engine.Inference;

/// <summary>An exported QuantGrid model run by ONNX Runtime's CPU provider: predictions and latency.</summary>
public sealed class OnnxClassifier : IDisposable
{
    private readonly InferenceSession session;
    private readonly RunOptions runOptions = new();

    private OnnxClassifier(InferenceSession session, string path)
    {
        this.session = session;
        Path = path;
        var metadata = session.ModelMetadata.CustomMetadataMap;
        Model = metadata.GetValueOrDefault(OnnxExporter.ModelKey) ?? "";
        Precision = metadata.GetValueOrDefault(OnnxExporter.PrecisionKey) ?? "";
    }

    public string Path { get; }

    /// <summary>The model's registry name from the file's metadata (empty for a file QuantGrid did not write).</summary>
    public string Model { get; }

    /// <summary>"int8" or "fp32" from the file's metadata.</summary>
    public string Precision { get; }

    /// <summary>
    /// Opens <paramref name="path"/> with all graph optimisations (QDQ fusion into integer kernels) on
    /// <paramref name="threads"/> intra-op threads; <paramref name="optimizedModelPath"/> saves the optimised graph.
    /// </summary>
    /// <exception cref="OnnxModelException">The file is missing, unreadable, or not a QuantGrid image classifier.</exception>
    public static OnnxClassifier Open(string path, int threads, string? optimizedModelPath = null)
    {
        if (!File.Exists(path))
        {
            throw new OnnxModelException($"{path}: no such ONNX model file");
        }

        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = Math.Max(1, threads),
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        if (optimizedModelPath is not null)
        {
            options.OptimizedModelFilePath = optimizedModelPath;
        }

        InferenceSession session;
        try
        {
            session = new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new OnnxModelException($"{path}: not a valid ONNX model ({FirstLine(ex.Message)})", ex);
        }

        if (!session.InputMetadata.ContainsKey(OnnxExporter.InputName) || !session.OutputMetadata.ContainsKey(OnnxExporter.OutputName))
        {
            session.Dispose();
            throw new OnnxModelException($"{path}: not a QuantGrid model (expected input '{OnnxExporter.InputName}' and output '{OnnxExporter.OutputName}')");
        }

        return new OnnxClassifier(session, path);
    }

    /// <summary>The predicted class of every image, in batches of <paramref name="batchSize"/>.</summary>
    public int[] Predict(LabelledImages images, int batchSize = 256, CancellationToken cancellationToken = default)
    {
        var predictions = new int[images.Count];
        for (var start = 0; start < images.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(batchSize, images.Count - start);
            var logits = Logits(Pixels(images, start, count), count);
            var classes = logits.Length / count;
            for (var i = 0; i < count; i++)
            {
                predictions[start + i] = ArgMax(logits.AsSpan(i * classes, classes));
            }
        }

        return predictions;
    }

    /// <summary>The logits of <paramref name="count"/> images given as normalised pixels [count, 1, 28, 28].</summary>
    public float[] Logits(float[] pixels, int count)
    {
        var side = (long)Math.Sqrt(pixels.Length / Math.Max(1, count));
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [count, 1, side, side]);
        using var outputs = session.Run(runOptions, [OnnxExporter.InputName], [input], [OnnxExporter.OutputName]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>
    /// Median milliseconds per image over <paramref name="runs"/> timed runs of batches of <paramref name="batch"/>
    /// images (after <paramref name="warmup"/> untimed runs), the input and output buffers made once.
    /// </summary>
    public double MillisecondsPerImage(LabelledImages images, int batch, int runs, int warmup = 10)
    {
        var count = Math.Min(batch, images.Count);
        var pixels = Pixels(images, 0, count);
        var side = images.Images.shape[^1];
        var classes = session.OutputMetadata[OnnxExporter.OutputName].Dimensions[^1];
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [count, 1, side, side]);
        using var output = OrtValue.CreateTensorValueFromMemory(new float[count * classes], [count, classes]);
        var times = new double[runs];
        for (var i = -warmup; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            session.Run(runOptions, [OnnxExporter.InputName], [input], [OnnxExporter.OutputName], [output]);
            if (i >= 0)
            {
                times[i] = clock.Elapsed.TotalMilliseconds / count;
            }
        }

        Array.Sort(times);
        return times[runs / 2];
    }

    public void Dispose()
    {
        session.Dispose();
        runOptions.Dispose();
    }

    private static float[] Pixels(LabelledImages images, int start, int count)
    {
        using var slice = images.Images.narrow(0, start, count).contiguous();
        return slice.data<float>().ToArray();
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
