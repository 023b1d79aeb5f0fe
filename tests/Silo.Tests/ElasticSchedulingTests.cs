using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using QuantGrid.Client.Tests;
using QuantGrid.Engine.Tests;

namespace QuantGrid.Silo.Tests;

/// <summary>Work follows the cluster: silos on loopback (Redis clustering, sleep workload) that join while a sweep runs, and sweeps that share them.</summary>
public sealed class ElasticSchedulingTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly LocalProcesses processes = new();
    private readonly string clusterId = $"elastic-{Guid.NewGuid():N}";
    private int redis;

    public void Dispose()
    {
        processes.Dispose();
        temp.Dispose();
    }

    [Fact]
    public async Task A_silo_that_joins_a_running_sweep_takes_its_share_of_the_work()
    {
        const int sleepMilliseconds = 2500;
        redis = processes.StartRedis(temp.Path);
        await StartSiloAsync(0, slots: 2, sleepMilliseconds);
        var sweep = RunSweepAsync("join", seeds: "0,1");
        await Task.Delay(3000, TestContext.Current.CancellationToken);
        await StartSiloAsync(1, slots: 2, sleepMilliseconds);
        var joinedUtc = DateTimeOffset.UtcNow;

        var run = await sweep;

        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        var results = Results(run);
        Assert.Equal(28, results.Count);
        Assert.All(results, r => Assert.Equal(1, r.GetProperty("attempts").GetInt32()));
        var firstSilo = results.MinBy(r => r.GetProperty("finishedUtc").GetDateTimeOffset()).GetProperty("silo").GetString();
        var startedAfterJoin = results.Where(r => r.GetProperty("finishedUtc").GetDateTimeOffset() - TimeSpan.FromMilliseconds(sleepMilliseconds) > joinedUtc).ToList();
        var byJoiner = startedAfterJoin.Count(r => r.GetProperty("silo").GetString() != firstSilo);
        Assert.True(startedAfterJoin.Count >= 6, $"the second silo was ready only {startedAfterJoin.Count} experiments before the end");

        // Both silos have two slots: from the moment the second is ready, it should run about half of what starts.
        Assert.True(byJoiner * 3 >= startedAfterJoin.Count, $"of the {startedAfterJoin.Count} experiments that started after the second silo was ready, it ran {byJoiner}");
    }

    [Fact]
    public async Task Two_sweeps_at_once_both_progress()
    {
        redis = processes.StartRedis(temp.Path);
        await StartSiloAsync(0, slots: 1, sleepMilliseconds: 300);
        var first = RunSweepAsync("first", seeds: "0");
        var second = RunSweepAsync("second", seeds: "1");

        var (a, b) = (await first, await second);

        Assert.True(a.ExitCode == 0 && b.ExitCode == 0, a.Error + b.Error);
        var finishedA = Results(a).Select(r => r.GetProperty("finishedUtc").GetDateTimeOffset()).Order().ToList();
        var finishedB = Results(b).Select(r => r.GetProperty("finishedUtc").GetDateTimeOffset()).Order().ToList();
        Assert.True(finishedB[0] < finishedA[^1] && finishedA[0] < finishedB[^1], "one sweep finished before the other got a slot");
        var interleaved = finishedA.Count(t => t > finishedB[0] && t < finishedB[^1]);
        Assert.True(interleaved >= finishedA.Count / 3, $"only {interleaved} of the first sweep's results came while the second ran");
    }

    private Task<CliRun> RunSweepAsync(string name, string seeds) => CliRun.RunAsync(
        "sweep", "--cluster", $"127.0.0.1:{redis}", "--cluster-id", clusterId, "--models", "cnn", "--methods", "ptq,qat", "--bits", "2,3,4,5,6,7,8",
        "--seeds", seeds, "--out", Path.Combine(temp.Path, name), "--json");

    private static List<JsonElement> Results(CliRun run) => [.. JsonDocument.Parse(run.Out).RootElement.GetProperty("results").EnumerateArray()];

    private async Task<Process> StartSiloAsync(int index, int slots, int sleepMilliseconds)
    {
        var http = LocalProcesses.FreePort();
        var environment = SiloProcessesFixture.SiloEnvironment(redis, clusterId, Path.Combine(temp.Path, "artifacts"), http);
        environment["QuantGrid__Worker__Slots"] = slots.ToString(CultureInfo.InvariantCulture);
        environment["QuantGrid__Testing__Enabled"] = "true";
        environment["QuantGrid__Testing__Workload"] = "sleep";
        environment["QuantGrid__Testing__SleepMilliseconds"] = sleepMilliseconds.ToString(CultureInfo.InvariantCulture);
        var process = processes.StartSilo(environment, Path.Combine(temp.Path, $"silo{index}.log"));
        await LocalProcesses.WaitHealthyAsync(http, TimeSpan.FromSeconds(90));
        return process;
    }
}
