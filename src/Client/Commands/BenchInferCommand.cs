using System.CommandLine;
using QuantGrid.Engine.Data;
using QuantGrid.Engine.Inference;
using QuantGrid.Engine.Models;

namespace QuantGrid.Client.Commands;

/// <summary><c>quantgrid bench infer</c>: TorchSharp fp32, ONNX Runtime fp32 and ONNX Runtime int8 latency per model, side by side in one process.</summary>
internal static class BenchInferCommand
{
    public static Command Create(CliConsole console)
    {
        var models = new Option<string>("--models") { Description = "all or a comma-separated list.", DefaultValueFactory = _ => "all" };
        var runs = new Option<int>("--runs") { Description = "Timed runs at batch 1 (after warm-up); the median is reported.", DefaultValueFactory = _ => 1000 };
        var batchRuns = new Option<int>("--batch-runs") { Description = "Timed runs at batch 64.", DefaultValueFactory = _ => 50 };
        var threads = CommonOptions.Threads();
        var data = CommonOptions.Data();
        var artifacts = CommonOptions.Artifacts("Where trained checkpoints are looked for (checkpoints/<model>-*.ckpt); random weights without one.");
        var keep = new Option<string?>("--keep") { Description = "Keep the exported files in DIR (<model>.fp32.onnx, <model>.int8.onnx), e.g. for scripts/bench-int8-peer.sh." };
        var json = CommonOptions.Json();
        var command = new Command("infer", "Measure inference latency: TorchSharp fp32, ONNX Runtime fp32 and ONNX Runtime int8, at batch 1 and 64, same threads.")
        {
            models, runs, batchRuns, threads, data, artifacts, keep, json,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var selected = ModelRegistry.ParseList(parse.GetValue(models)!);
            var counts = (parse.GetValue(runs), parse.GetValue(batchRuns));
            if (counts.Item1 is < 1 or > 1_000_000 || counts.Item2 is < 1 or > 1_000_000)
            {
                throw new ArgumentException("--runs and --batch-runs must be between 1 and 1000000");
            }

            var threadCount = parse.GetValue(threads) is > 0 and var n ? n : Environment.ProcessorCount;
            var dataset = DatasetInfo.FashionMnist;
            using var splits = DatasetLoader.Load(dataset, DatasetLocator.Resolve(dataset, parse.GetValue(data)), trainLimit: 1024, testLimit: 256);
            var work = parse.GetValue(keep) is { } kept ? Directory.CreateDirectory(kept) : Directory.CreateTempSubdirectory("quantgrid-bench-infer-");
            try
            {
                var rows = new List<InferenceLatency>();
                if (!parse.GetValue(json))
                {
                    await console.Out.WriteLineAsync($"ms per image (median), {threadCount} threads, {Environment.ProcessorCount} cores; int8: PTQ W8A8 exported as ONNX QDQ");
                    await console.Out.WriteLineAsync($"{"model",-10} {"batch",5} {"weights",-8} {"torch fp32",11} {"ort fp32",10} {"ort int8",10} {"int8 vs ort fp32",17} {"int8 vs torch fp32",19}");
                }

                foreach (var model in selected)
                {
                    foreach (var row in InferenceBenchmark.Measure(model.Name, splits, parse.GetValue(artifacts), work.FullName, threadCount, counts, cancellationToken))
                    {
                        rows.Add(row);
                        if (!parse.GetValue(json))
                        {
                            await console.Out.WriteLineAsync(
                                $"{row.Model,-10} {row.Batch,5} {row.Weights,-8} {row.TorchFp32MsPerImage,11:F4} {row.OrtFp32MsPerImage,10:F4} {row.OrtInt8MsPerImage,10:F4} {row.Int8SpeedupOverOrtFp32,16:F2}x {row.Int8SpeedupOverTorchFp32,18:F2}x");
                        }
                    }
                }

                if (parse.GetValue(json))
                {
                    await console.Out.WriteLineAsync(JsonOutput.Serialize(rows));
                }
            }
            finally
            {
                if (parse.GetValue(keep) is null)
                {
                    work.Delete(recursive: true);
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
