using QuantGrid.Engine.Data;
using QuantGrid.Engine.Models;
using QuantGrid.Engine.Training;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Benchmarks;

/// <summary>Measures training images/s per model through <see cref="Trainer"/> on real data and compares it with the matmul peak.</summary>
public static class TrainingBenchmark
{
    /// <param name="batches">Timed batches per measurement (after two warm-up batches).</param>
    /// <param name="rounds">Pipeline and pre-made measurements alternate this many times; each reports its median, so that neither gains from running second.</param>
    public static TrainingThroughput Measure(string modelName, DatasetSplits data, int batches, int batchSize, double peakGflops, int threads = 0, int rounds = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var info = ModelRegistry.Get(modelName);
        using var model = ModelRegistry.Create(info.Name, seed: 0, data.Dataset.ClassCount);
        var flops = 3 * FlopCounter.ForwardFlopsPerImage(model, [1, 28, 28]);
        var options = new TrainingOptions { Epochs = 1, BatchSize = batchSize, Threads = threads, Device = "cpu", Schedule = LearningRateSchedule.Constant, LearningRate = 1e-4 };
        using var warmup = Slice(data.Train, 2 * batchSize);
        Trainer.Train(model, warmup, options, info.DefaultLearningRate);
        using var timed = Slice(data.Train, batches * batchSize);
        var pipeline = new List<TrainingReport>();
        var preMade = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            pipeline.Add(Trainer.Train(model, timed, options, info.DefaultLearningRate));
            preMade.Add(PreMadeImagesPerSecond(model, data.Train, batches, batchSize));
        }

        var report = pipeline.OrderBy(r => r.ImagesPerSecond).ElementAt(rounds / 2);
        var preMadeMedian = preMade.Order().ElementAt(rounds / 2);
        var achieved = report.ImagesPerSecond * flops / 1e9;
        return new TrainingThroughput(info.Name, (int)report.Images, report.Seconds, report.ImagesPerSecond, flops, achieved, peakGflops, achieved / peakGflops, preMadeMedian, report.ImagesPerSecond / preMadeMedian);
    }

    /// <summary>Training images/s on a single pre-made batch repeated <paramref name="batches"/> times: the ceiling for the pipeline.</summary>
    public static double PreMadeImagesPerSecond(nn.Module<Tensor, Tensor> model, LabelledImages train, int batches, int batchSize)
    {
        using var x = train.Images.narrow(0, 0, Math.Min(batchSize, train.Count)).clone();
        using var y = train.Labels.narrow(0, 0, Math.Min(batchSize, train.Count)).clone();
        using var optimizer = optim.AdamW(model.parameters(), 1e-4, weight_decay: 5e-4);
        model.train();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var b = 0; b < batches; b++)
        {
            SpeedProbe.Step(model, optimizer, x, y);
        }

        return batches * x.shape[0] / clock.Elapsed.TotalSeconds;
    }

    private static LabelledImages Slice(LabelledImages source, int count) => source.Take(Math.Min(count, source.Count));
}
