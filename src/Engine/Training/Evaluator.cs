using System.Diagnostics;
using QuantGrid.Engine.Data;
using QuantGrid.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Training;

/// <summary>Measures top-1 accuracy and latency of a classifier.</summary>
public static class Evaluator
{
    /// <param name="latencySamples">Single-image forward passes timed for the batch-1 latency (median); 0 skips it.</param>
    /// <param name="keepOutputs">Return the model's outputs (images × classes, row-major) in <see cref="EvaluationReport.Outputs"/>.</param>
    public static EvaluationReport Evaluate(nn.Module<Tensor, Tensor> model, LabelledImages test, int batchSize = 500, int latencySamples = 20, string device = "auto", bool keepOutputs = false, CancellationToken cancellationToken = default)
    {
        TorchRuntime.EnsureInitialized();
        var target = DeviceSelector.Resolve(device);
        model.to(target);
        model.eval();
        using var noGrad = no_grad();
        var predictions = new int[test.Count];
        float[]? outputs = null;
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < test.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var count = Math.Min(batchSize, test.Count - start);
            var logits = model.forward(test.Images.narrow(0, start, count).to(target)).cpu();
            if (keepOutputs)
            {
                var classes = (int)logits.shape[1];
                outputs ??= new float[test.Count * classes];
                logits.contiguous().data<float>().CopyTo(outputs, start * classes);
            }

            var predicted = logits.argmax(1).data<long>().ToArray();
            for (var i = 0; i < count; i++)
            {
                predictions[start + i] = (int)predicted[i];
            }
        }

        var batched = clock.Elapsed.TotalMilliseconds / Math.Max(1, test.Count);
        var correct = predictions.Where((p, i) => p == test.LabelValues[i]).Count();
        return new EvaluationReport((double)correct / Math.Max(1, test.Count), correct, test.Count, predictions, batched, SingleImageLatency(model, test, latencySamples, target), outputs);
    }

    private static double SingleImageLatency(nn.Module<Tensor, Tensor> model, LabelledImages test, int samples, Device device)
    {
        if (samples <= 0 || test.Count == 0)
        {
            return 0;
        }

        var times = new double[samples];
        for (var i = -2; i < samples; i++)
        {
            using var scope = NewDisposeScope();
            var image = test.Images.narrow(0, Math.Max(0, i) % test.Count, 1).to(device);
            var clock = Stopwatch.StartNew();
            _ = model.forward(image).cpu();
            if (i >= 0)
            {
                times[i] = clock.Elapsed.TotalMilliseconds;
            }
        }

        Array.Sort(times);
        return times[samples / 2];
    }
}
