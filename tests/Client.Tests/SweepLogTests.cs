using System.Diagnostics;
using System.Text.Json;
using QuantGrid.Engine.Tests;

namespace QuantGrid.Client.Tests;

/// <summary>A sweep seen from outside: the line log of a sweep whose stdout is not a terminal, and <c>status --watch</c> from another process.</summary>
public sealed class SweepLogTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Without_a_terminal_a_sweep_logs_start_heartbeat_and_result_lines_as_they_happen()
    {
        var lines = new List<(TimeSpan At, string Text)>();
        var clock = Stopwatch.StartNew();
        using (var process = StartSweep(temp.File("artifacts"), sleepMilliseconds: 1500))
        {
            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            while (await process.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
            {
                lines.Add((clock.Elapsed, line));
            }

            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(process.ExitCode == 0, string.Join('\n', lines.Select(l => l.Text)));
        }

        var log = lines.Select(l => l.Text).ToList();
        Assert.All(log.TakeWhile(l => !l.StartsWith('|')), line => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ ", line));
        var experiments = log.Where(l => l.Contains(" done [", StringComparison.Ordinal)).Select(l => l.Split(' ')[3].TrimEnd(':')).ToList();
        Assert.Equal(3, experiments.Count);
        foreach (var id in experiments)
        {
            var start = log.FindIndex(l => l.Contains($" start {id} on ", StringComparison.Ordinal));
            var done = log.FindIndex(l => l.Contains($" done [", StringComparison.Ordinal) && l.Contains($" {id}: ", StringComparison.Ordinal));
            Assert.True(start >= 0 && start < done, $"{id}: start line {start}, result line {done}");
            Assert.Contains(log.Skip(start).Take(done - start), l => l.Contains(" heartbeat: ", StringComparison.Ordinal) && l.Contains(id, StringComparison.Ordinal));
        }

        var results = lines.Where(l => l.Text.Contains(" done [", StringComparison.Ordinal)).Select(l => l.At).ToList();
        Assert.True(results[^1] - results[0] > TimeSpan.FromSeconds(2), "result lines arrived together: the log is not flushed line by line");
    }

    [Fact]
    public async Task With_quiet_stdout_holds_only_the_summary_and_the_log_lines_go_to_stderr()
    {
        using var process = StartSweep(temp.File("quiet"), sleepMilliseconds: 50, "--quiet", "--priority", "3");
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(process.ExitCode == 0, await error);
        Assert.StartsWith("| model | method |", output.TrimStart(), StringComparison.Ordinal);
        Assert.DoesNotContain(" done [", output, StringComparison.Ordinal);
        Assert.Equal(3, (await error).Split('\n').Count(l => l.Contains(" done [", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Status_watch_follows_a_sweep_that_another_process_runs_until_it_completes()
    {
        var artifacts = temp.File("artifacts");
        using var process = StartSweep(artifacts, sleepMilliseconds: 1000);
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        _ = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        while (!(File.Exists(Path.Combine(artifacts, "state", "embedded.json")) && File.Exists(Path.Combine(artifacts, "last-sweep"))) && !process.HasExited)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        var watch = await CliRun.RunAsync("status", "--watch", "--artifacts", artifacts);
        var finishedAt = DateTime.UtcNow;
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        await stdout;
        var status = await CliRun.RunAsync("status", "--artifacts", artifacts, "--json");

        Assert.True(watch.ExitCode == 0, watch.Error + watch.Out);
        Assert.Contains(" done [", watch.Out, StringComparison.Ordinal);
        Assert.Contains("3/3 done", watch.Out, StringComparison.Ordinal);
        Assert.True(JsonDocument.Parse(status.Out).RootElement.GetProperty("isComplete").GetBoolean(), status.Out);
        Assert.True(process.ExitTime.ToUniversalTime() > finishedAt.AddSeconds(-10));
    }

    [Fact]
    public async Task Sigterm_stops_a_sweep_at_once_and_hands_its_running_experiment_back_without_spending_an_attempt()
    {
        var artifacts = temp.File("artifacts");
        using (var process = StartSweep(artifacts, sleepMilliseconds: 60_000))
        {
            var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            while (await process.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken) is { } line && !line.Contains(" start cnn-", StringComparison.Ordinal))
            {
            }

            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync(TestContext.Current.CancellationToken);
            }

            var clock = Stopwatch.StartNew();
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(40), $"the sweep took {clock.Elapsed} to stop");
            Assert.Equal(130, process.ExitCode);
            Assert.Contains("quantgrid: cancelled", await error, StringComparison.Ordinal);
        }

        var status = await CliRun.RunAsync("status", "--artifacts", artifacts, "--json");
        Assert.Equal(0, JsonDocument.Parse(status.Out).RootElement.GetProperty("done").GetInt32());
        var states = Directory.GetFiles(Path.Combine(artifacts, "state", "experiment"));
        Assert.NotEmpty(states);
        var resumed = await CliRun.RunAsync(
            "sweep", "--models", "cnn", "--methods", "ptq", "--bits", "2,3,4", "--train-limit", "500", "--test-limit", "100", "--epochs", "1",
            "--threads", "1", "--data", CliRun.FashionData, "--artifacts", artifacts, "--out", Path.Combine(artifacts, "out"), "--json");
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.All(JsonDocument.Parse(resumed.Out).RootElement.GetProperty("results").EnumerateArray(), r => Assert.Equal(1, r.GetProperty("attempts").GetInt32()));
    }

    private static Process StartSweep(string artifacts, int sleepMilliseconds, params string[] extra)
    {
        string[] args =
        [
            "sweep", "--models", "cnn", "--methods", "ptq", "--bits", "2,3,4", "--train-limit", "500", "--test-limit", "100", "--epochs", "1",
            "--threads", "1", "--data", CliRun.FashionData, "--artifacts", artifacts, "--out", Path.Combine(artifacts, "out"), .. extra,
        ];
        var info = new ProcessStartInfo("dotnet", ["exec", CliRun.ClientAssembly, .. args]) { RedirectStandardError = true, RedirectStandardOutput = true };
        info.Environment["QuantGrid__Testing__Enabled"] = "true";
        info.Environment["QuantGrid__Testing__Workload"] = "sleep";
        info.Environment["QuantGrid__Testing__SleepMilliseconds"] = sleepMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["QUANTGRID_HEARTBEAT_SECONDS"] = "0.5";
        return Process.Start(info)!;
    }
}
