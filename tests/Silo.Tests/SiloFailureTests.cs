using System.Diagnostics;
using System.Text.Json;
using QuantGrid.Client.Tests;
using QuantGrid.Engine.Tests;

namespace QuantGrid.Silo.Tests;

/// <summary>
/// Fault injection with real processes on loopback: two silos (Redis clustering, a 1.5 s sleep workload,
/// two slots each, 3 s leases, 2 s re-queue) and the CLI as a client. Each test has its own processes.
/// </summary>
public sealed class SiloFailureTests : IDisposable
{
    private const int SleepMilliseconds = 1500;
    private readonly TempDirectory temp = new();
    private readonly LocalProcesses processes = new();
    private readonly string clusterId = $"fail-{Guid.NewGuid():N}";
    private readonly List<(Process Process, int Http)> silos = [];
    private int redis;

    public void Dispose()
    {
        processes.Dispose();
        temp.Dispose();
    }

    [Fact]
    public async Task Killing_a_silo_mid_sweep_loses_nothing_and_its_experiments_run_elsewhere()
    {
        await StartClusterAsync();
        var clock = Stopwatch.StartNew();
        var sweep = RunSweepAsync("kill");
        var victim = silos[1];
        Assert.True(await LocalProcesses.WaitBusyAsync(victim.Http, TimeSpan.FromSeconds(60)), "the second silo never ran an experiment");
        victim.Process.Kill(entireProcessTree: true);
        var killedAt = clock.Elapsed;
        var killedUtc = DateTimeOffset.UtcNow;

        var run = await sweep;
        var finishedAt = clock.Elapsed;

        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        var results = Results(run);
        Assert.Equal(30, results.Count);
        Assert.Equal(30, results.Select(r => r.GetProperty("experimentId").GetString()).Distinct().Count());
        Assert.All(results, r => Assert.Equal("succeeded", r.GetProperty("status").GetString()));
        var survivors = results.Where(r => r.GetProperty("attempts").GetInt32() > 1).ToList();
        Assert.NotEmpty(survivors);
        Assert.Single(survivors.Select(r => r.GetProperty("silo").GetString()).Distinct());
        var firstRerun = survivors.Min(r => r.GetProperty("finishedUtc").GetDateTimeOffset()) - killedUtc - TimeSpan.FromMilliseconds(SleepMilliseconds);
        Assert.True(firstRerun < TimeSpan.FromSeconds(60), $"re-running took {firstRerun}");
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"failover: killed at {killedAt.TotalSeconds:F1} s; first re-run experiment restarted {firstRerun.TotalSeconds:F1} s after the kill; sweep done at {finishedAt.TotalSeconds:F1} s; {survivors.Count} experiments re-run");
    }

    [Fact]
    public async Task A_silo_stopped_gracefully_hands_its_running_experiments_back_without_spending_an_attempt()
    {
        await StartClusterAsync(new() { ["QuantGrid__Worker__GracePeriod"] = "00:00:00.200" });
        var sweep = RunSweepAsync("sigterm");
        await Task.Delay(SleepMilliseconds + 700, TestContext.Current.CancellationToken);
        using (var term = Process.Start("kill", ["-TERM", silos[1].Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        var run = await sweep;

        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        var results = Results(run);
        Assert.Equal(30, results.Count);
        Assert.All(results, r => Assert.Equal("succeeded", r.GetProperty("status").GetString()));
        Assert.All(results, r => Assert.Equal(1, r.GetProperty("attempts").GetInt32()));
        Assert.True(silos[1].Process.WaitForExit(60_000), "the silo should exit after SIGTERM");
        Assert.Equal(0, silos[1].Process.ExitCode);
        var log = File.ReadAllText(Path.Combine(temp.Path, "silo1.log"));
        if (log.Contains("Silo leaving:", StringComparison.Ordinal))
        {
            // It was running work when SIGTERM came (the usual case): that work was handed back, not finished or failed.
            Assert.Contains("handed back", log, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Restarting_redis_mid_sweep_loses_no_finished_result()
    {
        await StartClusterAsync();
        var sweep = RunSweepAsync("redis");
        await Task.Delay(SleepMilliseconds * 2, TestContext.Current.CancellationToken);
        using (var shutdown = Process.Start("redis-cli", ["-p", redis.ToString(System.Globalization.CultureInfo.InvariantCulture), "shutdown"]))
        {
            await shutdown.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        await Task.Delay(1000, TestContext.Current.CancellationToken);
        processes.StartRedis(temp.Path, redis);

        var run = await sweep;

        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        var results = Results(run);
        Assert.Equal(30, results.Count);
        Assert.All(results, r => Assert.Equal("succeeded", r.GetProperty("status").GetString()));
    }

    private Task<CliRun> RunSweepAsync(string name) => CliRun.RunAsync(
        "sweep", "--cluster", $"127.0.0.1:{redis}", "--cluster-id", clusterId, "--models", "cnn", "--methods", "float,ptq,qat", "--bits", "2,3,4,5,6,7,8",
        "--seeds", "0,1", "--out", Path.Combine(temp.Path, name), "--json");

    private static List<JsonElement> Results(CliRun run) => [.. JsonDocument.Parse(run.Out).RootElement.GetProperty("results").EnumerateArray()];

    private async Task StartClusterAsync(Dictionary<string, string>? extra = null)
    {
        redis = processes.StartRedis(temp.Path);
        for (var i = 0; i < 2; i++)
        {
            var http = LocalProcesses.FreePort();
            var environment = SiloProcessesFixture.SiloEnvironment(redis, clusterId, Path.Combine(temp.Path, "artifacts"), http);
            environment["QuantGrid__Worker__Slots"] = "2";
            environment["QuantGrid__Worker__RedrivePeriod"] = "00:00:02";
            environment["QuantGrid__Testing__Enabled"] = "true";
            environment["QuantGrid__Testing__Workload"] = "sleep";
            environment["QuantGrid__Testing__SleepMilliseconds"] = SleepMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var (key, value) in extra ?? [])
            {
                environment[key] = value;
            }

            silos.Add((processes.StartSilo(environment, Path.Combine(temp.Path, $"silo{i}.log")), http));
        }

        foreach (var (_, http) in silos)
        {
            await LocalProcesses.WaitHealthyAsync(http, TimeSpan.FromSeconds(90));
        }
    }
}
