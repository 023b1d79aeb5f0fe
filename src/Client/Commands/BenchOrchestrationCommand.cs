using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using QuantGrid.Client.Sweeps;
using QuantGrid.Contracts;

namespace QuantGrid.Client.Commands;

/// <summary>
/// <c>quantgrid bench orchestration</c>: pushes N sleep experiments (a test-only workload: each sleeps a fixed
/// time) through an embedded silo or a cluster and compares the makespan with the ideal (N × sleep ÷ slots).
/// </summary>
internal static class BenchOrchestrationCommand
{
    public static Command Create(CliConsole console)
    {
        var experiments = new Option<int>("--experiments") { Description = "Experiments in the sweep (rounded up to a multiple of 8).", DefaultValueFactory = _ => 1000 };
        var sleep = new Option<int>("--sleep-ms") { Description = "Work of each experiment (ms); 0 measures no-op throughput.", DefaultValueFactory = _ => 100 };
        var slots = new Option<int>("--slots") { Description = "Embedded silo: worker slots (the ideal assumes this many in total).", DefaultValueFactory = _ => 8 };
        var cluster = new Option<string?>("--cluster") { Description = "Run against a cluster whose silos use QuantGrid__Testing__Enabled=true and QuantGrid__Testing__Workload=sleep." };
        var clusterId = new Option<string>("--cluster-id") { DefaultValueFactory = _ => "quantgrid" };
        var totalSlots = new Option<int?>("--cluster-slots") { Description = "Cluster: total worker slots, for the ideal makespan." };
        var noWarmup = new Option<bool>("--no-warmup") { Description = "Skip the 16-experiment warm-up sweep (JIT, first activations) that runs before the measured one." };
        var json = CommonOptions.Json();
        var command = new Command("orchestration", "Measure scheduling overhead with a sleep workload: makespan ÷ ideal, and experiments per second.")
        {
            experiments, sleep, slots, cluster, clusterId, totalSlots, noWarmup, json,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(experiments) is var n and >= 8 and <= 100_000 ? n : throw new ArgumentException("--experiments must be between 8 and 100000");
            var sleepMs = parse.GetValue(sleep) is var s and >= 0 and <= 60_000 ? s : throw new ArgumentException("--sleep-ms must be between 0 and 60000");
            var firstSeed = Random.Shared.Next(1_000_000);
            var spec = Grid(firstSeed, (count + 7) / 8);
            var artifacts = Path.Combine(Path.GetTempPath(), "quantgrid-bench", Guid.NewGuid().ToString("N"));
            var workload = new Dictionary<string, string?>
            {
                ["QuantGrid:Testing:Enabled"] = "true",
                ["QuantGrid:Testing:Workload"] = "sleep",
                ["QuantGrid:Testing:SleepMilliseconds"] = sleepMs.ToString(CultureInfo.InvariantCulture),
            };
            try
            {
                await using var connection = parse.GetValue(cluster) is { } redis
                    ? await SweepConnection.ConnectAsync(redis, parse.GetValue(clusterId)!, "quantgrid", console.Error, cancellationToken)
                    : await SweepConnection.StartEmbeddedAsync(new EmbeddedSettings(parse.GetValue(slots), 1, "cpu", null, artifacts, Configuration: workload), console.Error, cancellationToken);
                if (!parse.GetValue(noWarmup))
                {
                    await RunToCompletionAsync(connection.Client, Grid(firstSeed + 1_000_000, 2), cancellationToken);
                }

                var sweep = connection.Client.GetGrain<ISweepGrain>(spec.Id);
                var started = DateTimeOffset.UtcNow;
                var clock = Stopwatch.StartNew();
                var status = await RunToCompletionAsync(connection.Client, spec, cancellationToken);

                var makespan = clock.Elapsed.TotalSeconds;
                var results = await sweep.GetResultsAsync();
                var slotsTotal = parse.GetValue(totalSlots) ?? parse.GetValue(slots);
                var ideal = status.Total * sleepMs / 1000.0 / slotsTotal;
                var report = new OrchestrationReport(
                    status.Total,
                    sleepMs,
                    slotsTotal,
                    Math.Round(makespan, 3),
                    Math.Round(ideal, 3),
                    ideal > 0 ? Math.Round(makespan / ideal, 4) : null,
                    Math.Round(status.Total / makespan, 1),
                    results.Count(r => r.Status == ExperimentStatus.Succeeded),
                    results.Select(r => r.Silo).Distinct().Count(),
                    Math.Round(results.Min(r => (r.FinishedUtc - started).TotalSeconds - r.DurationSeconds), 3),
                    Math.Round(makespan - results.Max(r => (r.FinishedUtc - started).TotalSeconds), 3),
                    started,
                    results.GroupBy(r => r.Silo).ToDictionary(g => g.Key, g => g.Count()));
                await console.Out.WriteLineAsync(parse.GetValue(json)
                    ? JsonOutput.Serialize(report)
                    : $"{report.Experiments} experiments of {sleepMs} ms on {slotsTotal} slots ({report.Silos} silo(s)): makespan {report.MakespanSeconds:F2} s, ideal {report.IdealSeconds:F2} s, ratio {(report.Ratio is { } ratio ? ratio.ToString("F3", System.Globalization.CultureInfo.InvariantCulture) : "n/a (no-op workload)")}, {report.ExperimentsPerSecond:N0} experiments/s, {report.Succeeded} succeeded; first start after {report.FirstStartSeconds:F3} s, last result seen {report.TailSeconds:F3} s after it finished; results per silo: {string.Join(", ", report.ResultsPerSilo.Values.OrderDescending())}");
                return report.Succeeded == report.Experiments ? ExitCodes.Success : ExitCodes.Failed;
            }
            finally
            {
                if (Directory.Exists(artifacts))
                {
                    Directory.Delete(artifacts, recursive: true);
                }
            }
        });
        return command;
    }

    private static SweepSpec Grid(int firstSeed, int seeds) =>
        new(["cnn"], [ExperimentMethod.Ptq, ExperimentMethod.Qat], [2, 4, 6, 8], [.. Enumerable.Range(firstSeed, seeds)], new ExperimentSettings());

    private static async Task<SweepStatus> RunToCompletionAsync(IClusterClient client, SweepSpec spec, CancellationToken cancellationToken)
    {
        var sweep = client.GetGrain<ISweepGrain>(spec.Id);
        var status = await sweep.StartAsync(spec);
        while (!status.IsComplete)
        {
            await Task.Delay(20, cancellationToken);
            status = await sweep.GetStatusAsync();
        }

        return status;
    }

    /// <param name="FirstStartSeconds">From the start call to the first experiment's work starting.</param>
    /// <param name="TailSeconds">From the last experiment's work ending to the sweep reporting completion.</param>
    /// <param name="StartedUtc">When the measured sweep was started (after the warm-up), for capacity curves measured outside.</param>
    /// <param name="ResultsPerSilo">How many experiments each silo ran.</param>
    private sealed record OrchestrationReport(
        int Experiments, int SleepMilliseconds, int Slots, double MakespanSeconds, double IdealSeconds, double? Ratio, double ExperimentsPerSecond, int Succeeded, int Silos, double FirstStartSeconds, double TailSeconds,
        DateTimeOffset StartedUtc, IReadOnlyDictionary<string, int> ResultsPerSilo);
}
