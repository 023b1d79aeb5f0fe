using System.Diagnostics;
using QuantGrid.Engine.Data;
using QuantGrid.Engine.Models;
using QuantGrid.Engine.Runtime;
using QuantGrid.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Benchmarks;

/// <summary>
/// A few seconds' measurement of a model's training speed on this machine: one warm-up and <c>batches</c> timed
/// training steps (forward, backward, AdamW) on random images, the steady state of a float training. The fastest
/// step counts: a moment of other work beside it (the embedded silo starting, say) slows one step, not the estimate.
/// </summary>
public static class SpeedProbe
{
    /// <summary>Training images per second of <paramref name="model"/> with <paramref name="threads"/> torch threads (0: one per core).</summary>
    public static double TrainingImagesPerSecond(string model, DatasetInfo dataset, int threads = 0, string device = "cpu", int batchSize = 128, int batches = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batches, 1);
        TorchRuntime.EnsureInitialized();
        if (threads > 0)
        {
            set_num_threads(threads);
        }

        var target = DeviceSelector.Resolve(device);
        using var network = ModelRegistry.Create(ModelRegistry.Get(model).Name, seed: 0, dataset.ClassCount);
        network.to(target);
        network.train();
        using var optimizer = optim.AdamW(network.parameters(), 1e-4);
        using var images = rand(batchSize, 1, DatasetInfo.ImageSide, DatasetInfo.ImageSide, device: target);
        using var labels = randint(0, dataset.ClassCount, batchSize, device: target);
        Step(network, optimizer, images, labels);
        var fastest = TimeSpan.MaxValue;
        for (var b = 0; b < batches; b++)
        {
            var clock = Stopwatch.StartNew();
            Step(network, optimizer, images, labels);
            fastest = clock.Elapsed < fastest ? clock.Elapsed : fastest;
        }

        return batchSize / fastest.TotalSeconds;
    }

    /// <summary>One training step on a fixed batch (forward, cross-entropy, backward, optimizer step), waited for.</summary>
    internal static void Step(nn.Module<Tensor, Tensor> network, optim.Optimizer optimizer, Tensor images, Tensor labels)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var loss = nn.functional.cross_entropy(network.forward(images), labels);
        loss.backward();
        optimizer.step();
        _ = loss.item<float>();
    }
}
