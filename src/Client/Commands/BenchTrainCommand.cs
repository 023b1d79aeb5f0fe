using System.CommandLine;
using QuantGrid.Engine.Benchmarks;
using QuantGrid.Engine.Data;
using QuantGrid.Engine.Models;
using TorchSharp;

namespace QuantGrid.Client.Commands;

/// <summary><c>quantgrid bench train</c>: matmul GFLOP/s, then training images/s and peak fraction per model.</summary>
internal static class BenchTrainCommand
{
    public static Command Create(CliConsole console)
    {
        var models = new Option<string>("--models") { Description = "all or a comma-separated list.", DefaultValueFactory = _ => "all" };
        var batches = new Option<int?>("--batches") { Description = "Timed batches per measurement (default: cnn 200, mobilenet 20, vgg16 8)." };
        var rounds = new Option<int>("--rounds") { Description = "Alternating pipeline / pre-made measurements per model (medians are reported).", DefaultValueFactory = _ => 3 };
        var batchSize = CommonOptions.BatchSize();
        var threads = CommonOptions.Threads();
        var data = CommonOptions.Data();
        var json = CommonOptions.Json();
        var command = new Command("train", "Measure training images/s per model and the ratio of its FLOP/s to libtorch's fp32 matmul peak.")
        {
            models, batches, rounds, batchSize, threads, data, json,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var selected = ModelRegistry.ParseList(parse.GetValue(models)!);
            var roundCount = parse.GetValue(rounds) is var r and >= 1 and <= 100 ? r : throw new ArgumentException("--rounds must be between 1 and 100");
            if (parse.GetValue(threads) is > 0 and var n)
            {
                torch.set_num_threads(n);
            }

            var dataset = DatasetInfo.FashionMnist;
            var timedBatches = selected.ToDictionary(m => m.Name, m => parse.GetValue(batches) ?? DefaultBatches(m.Name));
            var needed = timedBatches.Values.Max() * parse.GetValue(batchSize);
            using var splits = DatasetLoader.Load(dataset, DatasetLocator.Resolve(dataset, parse.GetValue(data)), trainLimit: needed, testLimit: 10);
            var peak = MatmulPeak.MeasureGflops();
            var rows = new List<TrainingThroughput>();
            foreach (var model in selected)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var row = TrainingBenchmark.Measure(model.Name, splits, timedBatches[model.Name], parse.GetValue(batchSize), peak, parse.GetValue(threads), roundCount);
                rows.Add(row);
                if (!parse.GetValue(json))
                {
                    await console.Out.WriteLineAsync(
                        $"{row.Model,-10} {row.ImagesPerSecond,9:N1} img/s  {row.TrainingFlopsPerImage / 1e6,9:N1} MFLOP/img  {row.AchievedGflops,7:N1} GFLOP/s  {row.PeakFraction,5:P0} of matmul peak, data path {row.DataPathRatio:F3} ({row.Images} images in {row.Seconds:F1} s)");
                }
            }

            var summary = new BenchSummary(Environment.ProcessorCount, torch.get_num_threads(), Math.Round(peak, 1), rows);
            await console.Out.WriteLineAsync(parse.GetValue(json) ? JsonOutput.Serialize(summary) : $"matmul peak {peak:N1} GFLOP/s (fp32, 1024x1024, {summary.TorchThreads} threads, {summary.Cores} cores)");
            return ExitCodes.Success;
        });
        return command;
    }

    private static int DefaultBatches(string model) => model switch
    {
        "cnn" => 200,
        "mobilenet" => 20,
        _ => 8,
    };

    private sealed record BenchSummary(int Cores, int TorchThreads, double MatmulGflops, IReadOnlyList<TrainingThroughput> Models);
}
