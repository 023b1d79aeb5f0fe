using System.Globalization;
using System.Text.Json;
using QuantGrid.Client.Tests;
using QuantGrid.Engine.Tests;

namespace QuantGrid.Silo.Tests;

/// <summary>redis-server, two silo processes and the CLI as a client, all on loopback.</summary>
public sealed class RedisClusterTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly LocalProcesses processes = new();

    public void Dispose()
    {
        processes.Dispose();
        temp.Dispose();
    }

    [Fact]
    public async Task A_sweep_through_two_silo_processes_completes_and_both_silos_run_experiments()
    {
        var redis = processes.StartRedis(temp.Path);
        var clusterId = $"test-{Guid.NewGuid():N}";
        var http = new List<int>();
        for (var i = 0; i < 2; i++)
        {
            var port = LocalProcesses.FreePort();
            http.Add(port);
            processes.StartSilo(
                new Dictionary<string, string>
                {
                    ["QuantGrid__Cluster__Provider"] = "redis",
                    ["QuantGrid__Cluster__Redis"] = $"127.0.0.1:{redis}",
                    ["QuantGrid__Cluster__ClusterId"] = clusterId,
                    ["QuantGrid__Cluster__AdvertisedAddress"] = "127.0.0.1",
                    ["QuantGrid__Cluster__SiloPort"] = LocalProcesses.FreePort().ToString(CultureInfo.InvariantCulture),
                    ["QuantGrid__Cluster__GatewayPort"] = LocalProcesses.FreePort().ToString(CultureInfo.InvariantCulture),
                    ["QuantGrid__Worker__ArtifactDirectory"] = Path.Combine(temp.Path, "artifacts"),
                    ["QuantGrid__Worker__DataDirectory"] = CliRun.FashionData,
                    ["QuantGrid__Worker__TorchThreads"] = "1",
                    ["QuantGrid__Worker__Device"] = "cpu",
                    ["Urls"] = $"http://127.0.0.1:{port}",
                },
                Path.Combine(temp.Path, $"silo{i}.log"));
        }

        foreach (var port in http)
        {
            await LocalProcesses.WaitHealthyAsync(port, TimeSpan.FromSeconds(90));
        }

        var run = await CliRun.RunAsync(
            "sweep", "--cluster", $"127.0.0.1:{redis}", "--cluster-id", clusterId, "--models", "cnn", "--methods", "float,ptq", "--bits", "2,4,8",
            "--seeds", "0,1", "--train-limit", "800", "--test-limit", "200", "--epochs", "1", "--out", Path.Combine(temp.Path, "out"), "--json");

        Assert.True(run.ExitCode == 0, run.Error + File.ReadAllText(Path.Combine(temp.Path, "silo0.log")));
        var results = JsonDocument.Parse(run.Out).RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(8, results.Count);
        Assert.All(results, r => Assert.Equal("succeeded", r.GetProperty("status").GetString()));
        Assert.Equal(2, results.Select(r => r.GetProperty("silo").GetString()).Distinct().Count());
        Assert.All(results, r => Assert.StartsWith("S127.0.0.1:", r.GetProperty("silo").GetString(), StringComparison.Ordinal));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(temp.Path, "artifacts", "checkpoints"), "*.ckpt").Length);
    }
}
