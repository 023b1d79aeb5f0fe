using System.Text.Json;
using QuantGrid.Client.Tests;

namespace QuantGrid.Silo.Tests;

/// <summary>redis-server, two silo processes and the CLI as a client, all on loopback.</summary>
[Collection(SiloProcessesCollection.Name)]
public sealed class RedisClusterTests(SiloProcessesFixture cluster)
{
    [Fact]
    public async Task A_sweep_through_two_silo_processes_completes_and_both_silos_run_experiments()
    {
        var run = await CliRun.RunAsync(
        [
            "sweep", .. cluster.ClientArguments, "--models", "cnn", "--methods", "float,ptq", "--bits", "2,4,8",
            "--seeds", "0,1", "--train-limit", "800", "--test-limit", "200", "--epochs", "1", "--out", Path.Combine(cluster.Temp.Path, "out"), "--json",
        ]);

        Assert.True(run.ExitCode == 0, run.Error + cluster.Logs);
        var results = JsonDocument.Parse(run.Out).RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(8, results.Count);
        Assert.All(results, r => Assert.Equal("succeeded", r.GetProperty("status").GetString()));
        Assert.Equal(2, results.Select(r => r.GetProperty("silo").GetString()).Distinct().Count());
        Assert.All(results, r => Assert.StartsWith("S127.0.0.1:", r.GetProperty("silo").GetString(), StringComparison.Ordinal));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(cluster.Artifacts, "checkpoints"), "cnn-*-s*-*.ckpt").Count(f => f.Contains("-s0-", StringComparison.Ordinal) || f.Contains("-s1-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Status_and_results_commands_read_a_sweep_from_the_cluster()
    {
        string[] grid = ["--models", "cnn", "--methods", "float", "--seeds", "5", "--train-limit", "300", "--test-limit", "100", "--epochs", "1"];
        var sweep = await CliRun.RunAsync(["sweep", .. cluster.ClientArguments, .. grid, "--out", Path.Combine(cluster.Temp.Path, "status"), "--json"]);
        var id = JsonDocument.Parse(sweep.Out).RootElement.GetProperty("sweepId").GetString()!;

        var status = await CliRun.RunAsync(["status", id, .. cluster.ClientArguments, "--json"]);
        var results = await CliRun.RunAsync(["results", id, .. cluster.ClientArguments]);
        var unknown = await CliRun.RunAsync(["status", "sweep-000000000000", .. cluster.ClientArguments]);

        Assert.Equal(0, status.ExitCode);
        Assert.True(JsonDocument.Parse(status.Out).RootElement.GetProperty("isComplete").GetBoolean());
        Assert.Equal(0, results.ExitCode);
        Assert.Contains("| cnn | float | 32 | 1 |", results.Out, StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("unknown", unknown.Error, StringComparison.Ordinal);
    }
}
