using System.Text.Json;
using QuantGrid.Contracts;
using QuantGrid.Engine.Tests;
using QuantGrid.Grains.Storage;

namespace QuantGrid.Client.Tests;

public sealed class SweepCommandTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Embedded_sweep_writes_every_result_and_a_rerun_resumes_without_running_anything_again()
    {
        string[] args =
        [
            "sweep", "--models", "cnn", "--methods", "ptq,qat", "--bits", "2,4,8", "--seeds", "0",
            "--train-limit", "1000", "--test-limit", "300", "--epochs", "1", "--qat-epochs", "1", "--threads", "1",
            "--data", CliRun.FashionData, "--artifacts", Path.Combine(temp.Path, "artifacts"), "--out", Path.Combine(temp.Path, "out"), "--json",
        ];

        var first = await CliRun.RunAsync(args);
        var resultsJson = File.ReadAllText(Path.Combine(temp.Path, "out", "results.json"));
        var second = await CliRun.RunAsync(args);

        Assert.True(first.ExitCode == 0, first.Error);
        var results = JsonDocument.Parse(resultsJson).RootElement.EnumerateArray().ToList();
        Assert.Equal(6, results.Count);
        Assert.Equal(6, results.Select(r => r.GetProperty("experimentId").GetString()).Distinct().Count());
        foreach (var r in results)
        {
            foreach (var field in new[] { "model", "method", "bits", "seed", "status", "accuracy", "modelBytes", "floatModelBytes", "silo", "attempts", "durationSeconds", "error" })
            {
                Assert.True(r.TryGetProperty(field, out _), $"results.json lacks {field}");
            }

            Assert.Equal("succeeded", r.GetProperty("status").GetString());
            Assert.Equal(1, r.GetProperty("attempts").GetInt32());
            Assert.True(r.GetProperty("modelBytes").GetInt64() < r.GetProperty("floatModelBytes").GetInt64());
        }

        Assert.Equal(7, File.ReadAllLines(Path.Combine(temp.Path, "out", "results.csv")).Length);
        var summary = File.ReadAllText(Path.Combine(temp.Path, "out", "summary.md"));
        Assert.Contains("| cnn | qat | 2 | 1 |", summary, StringComparison.Ordinal);
        foreach (var figure in new[] { "accuracy-vs-bits", "accuracy-vs-size" })
        {
            Assert.Contains($"]({figure}.png)", summary, StringComparison.Ordinal);
            var png = File.ReadAllBytes(Path.Combine(temp.Path, "out", figure + ".png"));
            Assert.True(png.Length > 5000 && png.AsSpan(1, 3).SequenceEqual("PNG"u8), $"{figure}.png is a PNG with content");
            Assert.True(new FileInfo(Path.Combine(temp.Path, "out", figure + ".svg")).Length > 0);
        }

        Assert.Equal(0, second.ExitCode);
        Assert.Equal(resultsJson, File.ReadAllText(Path.Combine(temp.Path, "out", "results.json")));
    }

    [Fact]
    public async Task Killing_the_client_and_running_the_same_command_resumes_without_repeating_work()
    {
        string[] args =
        [
            "sweep", "--models", "cnn", "--methods", "float,ptq,qat", "--bits", "2,4,8", "--seeds", "0",
            "--train-limit", "1500", "--test-limit", "300", "--epochs", "1", "--qat-epochs", "2", "--threads", "1",
            "--data", CliRun.FashionData, "--artifacts", Path.Combine(temp.Path, "artifacts"), "--out", Path.Combine(temp.Path, "out"),
        ];
        var finishedBeforeKill = await CliRun.KillAfterResultsAsync(2, args);

        var killedAt = DateTimeOffset.UtcNow;
        var rerun = await CliRun.RunAsync([.. args, "--json"]);

        Assert.Equal(2, finishedBeforeKill.Count);
        Assert.True(rerun.ExitCode == 0, rerun.Error);
        var results = JsonDocument.Parse(rerun.Out).RootElement.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("experimentId").GetString()!);
        Assert.Equal(7, results.Count);
        foreach (var id in finishedBeforeKill)
        {
            Assert.True(results[id].GetProperty("finishedUtc").GetDateTimeOffset() < killedAt, $"{id} ran again after the kill");
            Assert.Equal(1, results[id].GetProperty("attempts").GetInt32());
        }
    }

    [Fact]
    public async Task A_sweep_with_a_validation_split_measures_every_result_on_it_and_shows_it_in_the_summary()
    {
        var run = await CliRun.RunAsync(
            "sweep", "--models", "cnn", "--methods", "float,ptq", "--bits", "8", "--seeds", "0", "--train-limit", "1500", "--test-limit", "200",
            "--validation", "300", "--epochs", "1", "--threads", "1", "--data", CliRun.FashionData, "--artifacts", Path.Combine(temp.Path, "artifacts"),
            "--out", Path.Combine(temp.Path, "out"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Matches(@"timed here for the ETA \(1 torch thread\(s\)\): cnn [0-9,]+ training images/s", run.Error);
        var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.Path, "out", "results.json"))).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.InRange(r.GetProperty("validationAccuracy").GetDouble(), 30, 100));
        var summary = File.ReadAllText(Path.Combine(temp.Path, "out", "summary.md"));
        Assert.Contains("| validation % | validation drop |", summary, StringComparison.Ordinal);
        Assert.Matches(@"\| cnn \| ptq \| 8 \| 1 \| [0-9.]+ \| -?[0-9.]+ \| [0-9,]+ \| [0-9.]+ % \| [0-9.]+ \| [0-9.]+ \| -?[0-9.]+ \| 0 \|", summary);
    }

    [Fact]
    public async Task A_second_sweep_on_state_in_use_is_refused_while_status_still_reads_it()
    {
        var artifacts = Path.Combine(temp.Path, "artifacts");
        string[] args =
        [
            "sweep", "--models", "cnn", "--methods", "float", "--seeds", "0", "--train-limit", "500", "--test-limit", "100",
            "--epochs", "1", "--threads", "1", "--data", CliRun.FashionData, "--artifacts", artifacts, "--out", Path.Combine(temp.Path, "out"),
        ];
        Assert.Equal(0, (await CliRun.RunAsync(args)).ExitCode);

        CliRun refused, status;
        using (StateDirectoryLock.Acquire(Path.Combine(artifacts, "state"), exclusive: true))
        {
            refused = await CliRun.RunAsync(args);
            status = await CliRun.RunAsync("status", "--artifacts", artifacts, "--json");
        }

        var again = await CliRun.RunAsync(args);

        Assert.Equal(2, refused.ExitCode);
        Assert.Single(refused.Error.TrimEnd().Split('\n'));
        Assert.Contains("is in use by another quantgrid process", refused.Error, StringComparison.Ordinal);
        Assert.True(status.ExitCode == 0, status.Error);
        Assert.Equal(1, JsonDocument.Parse(status.Out).RootElement.GetProperty("succeeded").GetInt32());
        Assert.Equal(0, again.ExitCode);
    }

    [Fact]
    public async Task An_experiment_that_crashes_the_process_is_failed_after_the_attempt_cap_and_the_rest_is_kept()
    {
        string[] args =
        [
            "sweep", "--models", "cnn", "--methods", "float,ptq", "--bits", "8", "--seeds", "0", "--train-limit", "500", "--test-limit", "100",
            "--epochs", "1", "--threads", "1", "--data", CliRun.FashionData, "--artifacts", Path.Combine(temp.Path, "artifacts"),
            "--out", Path.Combine(temp.Path, "out"), "--json",
        ];
        var exitCodes = new List<int>();
        string output = "";
        for (var run = 0; run < 5 && exitCodes is not [.., 0 or 1]; run++)
        {
            var info = new System.Diagnostics.ProcessStartInfo("dotnet", ["exec", CliRun.ClientAssembly, .. args]) { RedirectStandardError = true, RedirectStandardOutput = true };
            info.Environment["QuantGrid__Testing__Enabled"] = "true";
            info.Environment["QuantGrid__Testing__Fault"] = "crash";
            info.Environment["QuantGrid__Testing__FaultMatch"] = "-ptq-";
            info.Environment["QuantGrid__Testing__SlowMilliseconds"] = "500";
            using var process = System.Diagnostics.Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            _ = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            exitCodes.Add(process.ExitCode);
            output = await stdout;
        }

        Assert.Equal(4, exitCodes.Count);
        Assert.All(exitCodes[..3], code => Assert.NotEqual(0, code));
        Assert.Equal(1, exitCodes[3]);
        var results = JsonDocument.Parse(output).RootElement.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("method").GetString()!);
        Assert.Equal(("succeeded", 1), (results["float"].GetProperty("status").GetString(), results["float"].GetProperty("attempts").GetInt32()));
        Assert.Equal("failed", results["ptq"].GetProperty("status").GetString());
        Assert.Contains("gave up after 3 attempts", results["ptq"].GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_embedded_silo_serves_prometheus_metrics_while_the_sweep_runs()
    {
        var port = FreePort();
        var sweep = CliRun.RunAsync(
            "sweep", "--models", "cnn", "--methods", "float,ptq,qat", "--bits", "2,4,8", "--seeds", "0", "--train-limit", "2000", "--test-limit", "300",
            "--epochs", "2", "--qat-epochs", "2", "--threads", "1", "--data", CliRun.FashionData, "--artifacts", Path.Combine(temp.Path, "metrics-artifacts"),
            "--out", Path.Combine(temp.Path, "metrics-out"), "--metrics-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        string? scrape = null;
        while (!sweep.IsCompleted && scrape is null)
        {
            try
            {
                var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"), TestContext.Current.CancellationToken);
                scrape = text.Contains("quantgrid_worker_slots_capacity", StringComparison.Ordinal) ? text : null;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                // A scrape that timed out on a busy machine: try again while the sweep runs.
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        var run = await sweep;
        Assert.Equal(0, run.ExitCode);
        Assert.NotNull(scrape);
        Assert.Contains("orleans_", scrape, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Dry_run_counts_experiments_and_float_trainings()
    {
        var run = await CliRun.RunAsync("sweep", "--models", "all", "--bits", "2,4,8", "--seeds", "0,1,2", "--dry-run", "--json");

        Assert.Equal(0, run.ExitCode);
        var plan = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal(3 * 3 * (1 + 3 + 3), plan.GetProperty("experiments").GetArrayLength());
        Assert.Equal(9, plan.GetProperty("floatTrainings").GetInt32());
        Assert.StartsWith("sweep-", plan.GetProperty("sweepId").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dry_run_with_measure_times_each_model_here_and_scales_the_estimate_by_the_measured_speed()
    {
        var run = await CliRun.RunAsync("sweep", "--models", "cnn", "--bits", "4", "--threads", "1", "--dry-run", "--measure", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        var plan = JsonDocument.Parse(run.Out).RootElement;
        var speed = plan.GetProperty("measuredImagesPerSecond").GetProperty("cnn").GetDouble();
        Assert.True(speed > 10, $"measured {speed} images/s");
        Assert.Equal(1, plan.GetProperty("measuredThreads").GetInt32());
        var reference = plan.GetProperty("estimatedCpuSeconds").GetDouble();
        var here = plan.GetProperty("estimatedSecondsHere").GetDouble();
        Assert.InRange(here / (reference * CostModel.Speed("cnn") / speed), 0.95, 1.05);

        var onCluster = await CliRun.RunAsync("sweep", "--models", "cnn", "--dry-run", "--measure", "--cluster", "127.0.0.1:1");
        Assert.Equal(2, onCluster.ExitCode);
        Assert.Contains("--measure times this machine", onCluster.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_that_cannot_be_timed_for_the_eta_costs_the_eta_its_head_start_not_the_sweep()
    {
        var run = await CliRun.RunAsync(
            "sweep", "--models", "cnn", "--methods", "float", "--train-limit", "500", "--test-limit", "100", "--epochs", "1", "--device", "cuda",
            "--data", CliRun.FashionData, "--artifacts", Path.Combine(temp.Path, "artifacts"), "--out", Path.Combine(temp.Path, "out"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("could not time the models here for the ETA (ArgumentException: device 'cuda'", run.Error, StringComparison.Ordinal);
        Assert.Contains("FAILED cnn-float-w32a32-s0-", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_command_names_the_same_sweep()
    {
        var a = await CliRun.RunAsync("sweep", "--models", "cnn", "--bits", "4,2", "--dry-run", "--json");
        var b = await CliRun.RunAsync("sweep", "--models", "cnn", "--bits", "4,2", "--dry-run", "--json");
        var c = await CliRun.RunAsync("sweep", "--models", "cnn", "--bits", "4,2", "--epochs", "3", "--dry-run", "--json");
        var d = await CliRun.RunAsync("sweep", "--models", "cnn", "--bits", "4,2", "--rounding", "adaround", "--dry-run", "--json");
        var e = await CliRun.RunAsync("sweep", "--models", "cnn", "--bits", "4,2", "--recipe", "augmented", "--dry-run", "--json");
        var f = await CliRun.RunAsync("sweep", "--models", "cnn", "--bits", "4,2", "--recipe", "plain", "--dry-run", "--json");

        Assert.Equal(Id(a), Id(b));
        Assert.NotEqual(Id(a), Id(c));
        Assert.NotEqual(Id(a), Id(d));
        Assert.NotEqual(Id(a), Id(e));
        Assert.Equal(Id(a), Id(f));
        var g = await CliRun.RunAsync("sweep", "--models", "cnn", "--bits", "4,2", "--distill", "--dry-run", "--json");
        var h = await CliRun.RunAsync("sweep", "--models", "cnn", "--bits", "4,2", "--methods", "float,ptq", "--distill", "--dry-run", "--json");
        var i = await CliRun.RunAsync("sweep", "--models", "cnn", "--bits", "4,2", "--methods", "float,ptq", "--dry-run", "--json");
        Assert.NotEqual(Id(a), Id(g));
        Assert.Equal(Id(i), Id(h));
    }

    [Fact]
    public async Task Sweep_ids_stay_what_earlier_versions_stored_so_an_upgrade_still_resumes()
    {
        var wide = await CliRun.RunAsync("sweep", "--models", "cnn", "--bits", "4,8", "--dry-run", "--json");
        var nearest = await CliRun.RunAsync("sweep", "--models", "cnn", "--bits", "2,4,8", "--methods", "float,qat", "--rounding", "nearest", "--dry-run", "--json");

        Assert.Equal("sweep-59f9fe4a314c", Id(wide));
        Assert.Equal(Id(await CliRun.RunAsync("sweep", "--models", "cnn", "--bits", "2,4,8", "--methods", "float,qat", "--dry-run", "--json")), Id(nearest));
    }

    [Fact]
    public async Task Auto_rounding_renames_only_the_low_bit_ptq_experiments_whose_results_it_changes()
    {
        var auto = await CliRun.RunAsync("sweep", "--models", "cnn", "--bits", "2,4,8", "--dry-run", "--json");
        var nearest = await CliRun.RunAsync("sweep", "--models", "cnn", "--bits", "2,4,8", "--rounding", "nearest", "--dry-run", "--json");

        Assert.NotEqual(Id(nearest), Id(auto));
        var renamed = Experiments(auto).Except(Experiments(nearest)).ToList();
        Assert.Single(renamed);
        Assert.StartsWith("cnn-ptq-w2a2-s0-", renamed[0], StringComparison.Ordinal);
        Assert.Equal(Experiments(nearest).Count - 1, Experiments(auto).Intersect(Experiments(nearest)).Count());
    }

    [Fact]
    public async Task Auto_calibration_is_mse_for_uniform_ptq_below_four_bits_and_keeps_the_earlier_ids_elsewhere()
    {
        var auto = await CliRun.RunAsync("sweep", "--models", "cnn", "--bits", "2,3,4,8", "--dry-run", "--json");
        var mse = await CliRun.RunAsync("sweep", "--models", "cnn", "--bits", "2,3,4,8", "--calibration", "mse", "--dry-run", "--json");

        var shared = Experiments(auto).Intersect(Experiments(mse)).Where(e => e.StartsWith("cnn-ptq-", StringComparison.Ordinal)).Order().ToList();
        Assert.Equal(2, shared.Count);
        Assert.StartsWith("cnn-ptq-w2a2-s0-", shared[0], StringComparison.Ordinal);
        Assert.StartsWith("cnn-ptq-w3a3-s0-", shared[1], StringComparison.Ordinal);
        Assert.Contains("cnn-ptq-w4a4-s0-d3ad6eea08ef", Experiments(auto));
        Assert.Contains("cnn-ptq-w8a8-s0-8bf423782cca", Experiments(auto));
    }

    private static List<string> Experiments(CliRun run) =>
        [.. JsonDocument.Parse(run.Out).RootElement.GetProperty("experiments").EnumerateArray().Select(e => e.GetString()!)];

    private static string Id(CliRun run) => JsonDocument.Parse(run.Out).RootElement.GetProperty("sweepId").GetString()!;

    [Theory]
    [InlineData("--bits", "0")]
    [InlineData("--bits", "1")]
    [InlineData("--bits", "9")]
    [InlineData("--bits", "33")]
    [InlineData("--bits", "abc")]
    [InlineData("--bits", "")]
    [InlineData("--bits", "2,2")]
    [InlineData("--bits", "2,,4")]
    [InlineData("--models", "resnet")]
    [InlineData("--models", "")]
    [InlineData("--methods", "fp16")]
    [InlineData("--methods", "ptq,ptq")]
    [InlineData("--seeds", "-1")]
    [InlineData("--epochs", "-1")]
    [InlineData("--epochs", "100000")]
    [InlineData("--slots", "0")]
    [InlineData("--recipe", "mixup")]
    [InlineData("--validation", "99")]
    public async Task Bad_grids_are_one_line_with_exit_code_2(string option, string value)
    {
        var run = await CliRun.RunAsync("sweep", option, value, "--dry-run");

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.StartsWith("quantgrid: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redis_password_never_appears_in_the_error()
    {
        var run = await CliRun.RunAsync("sweep", "--models", "cnn", "--cluster", "127.0.0.1:1,password=hunter2");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("password=***", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", run.Error + run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_cluster_is_one_line_with_exit_code_2()
    {
        var run = await CliRun.RunAsync("sweep", "--models", "cnn", "--cluster", "127.0.0.1:1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("quantgrid: cannot reach the cluster at 127.0.0.1:1", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }
}
