using System.Globalization;
using QuantGrid.Client.Tests;
using QuantGrid.Engine.Tests;

namespace QuantGrid.Silo.Tests;

/// <summary>redis-server and two silo processes on loopback (Redis clustering), shared by the multi-process tests.</summary>
public sealed class SiloProcessesFixture : IAsyncLifetime
{
    private readonly LocalProcesses processes = new();

    internal TempDirectory Temp { get; } = new();

    public int RedisPort { get; private set; }

    public string ClusterId { get; } = $"test-{Guid.NewGuid():N}";

    public List<int> HttpPorts { get; } = [];

    public string Artifacts => Path.Combine(Temp.Path, "artifacts");

    public string[] ClientArguments => ["--cluster", $"127.0.0.1:{RedisPort}", "--cluster-id", ClusterId];

    public string Logs => string.Join("\n", Enumerable.Range(0, HttpPorts.Count).Select(i => File.ReadAllText(Path.Combine(Temp.Path, $"silo{i}.log"))));

    public async ValueTask InitializeAsync()
    {
        RedisPort = processes.StartRedis(Temp.Path);
        for (var i = 0; i < 2; i++)
        {
            var port = LocalProcesses.FreePort();
            HttpPorts.Add(port);
            processes.StartSilo(SiloEnvironment(RedisPort, ClusterId, Artifacts, port), Path.Combine(Temp.Path, $"silo{i}.log"));
        }

        foreach (var port in HttpPorts)
        {
            await LocalProcesses.WaitHealthyAsync(port, TimeSpan.FromSeconds(90));
        }
    }

    /// <summary>Environment of a loopback silo process clustered through the Redis on <paramref name="redisPort"/>.</summary>
    public static Dictionary<string, string> SiloEnvironment(int redisPort, string clusterId, string artifacts, int httpPort) => new()
    {
        ["QuantGrid__Cluster__Provider"] = "redis",
        ["QuantGrid__Cluster__Redis"] = $"127.0.0.1:{redisPort}",
        ["QuantGrid__Cluster__ClusterId"] = clusterId,
        ["QuantGrid__Cluster__AdvertisedAddress"] = "127.0.0.1",
        ["QuantGrid__Cluster__SiloPort"] = LocalProcesses.FreePort().ToString(CultureInfo.InvariantCulture),
        ["QuantGrid__Cluster__GatewayPort"] = LocalProcesses.FreePort().ToString(CultureInfo.InvariantCulture),
        ["QuantGrid__Worker__ArtifactDirectory"] = artifacts,
        ["QuantGrid__Worker__DataDirectory"] = CliRun.FashionData,
        ["QuantGrid__Worker__TorchThreads"] = "1",
        ["QuantGrid__Worker__Device"] = "cpu",
        ["QuantGrid__Membership__ProbeTimeout"] = "00:00:02",
        ["QuantGrid__Membership__NumMissedProbesLimit"] = "2",
        ["QuantGrid__Membership__NumVotesForDeathDeclaration"] = "1",
        ["QuantGrid__Membership__TableRefreshTimeout"] = "00:00:05",
        ["QuantGrid__Membership__IAmAliveTablePublishTimeout"] = "00:00:10",
        ["QuantGrid__Membership__DeathVoteExpirationTimeout"] = "00:00:30",
        ["QuantGrid__Worker__LeaseDuration"] = "00:00:03",
        ["QuantGrid__Worker__PollWait"] = "00:00:02",
        ["QuantGrid__Worker__QueueRecoveryGrace"] = "00:00:03",
        ["QuantGrid__Worker__GracePeriod"] = "00:00:10",
        ["Urls"] = $"http://127.0.0.1:{httpPort}",
    };

    public ValueTask DisposeAsync()
    {
        processes.Dispose();
        Temp.Dispose();
        return ValueTask.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class SiloProcessesCollection : ICollectionFixture<SiloProcessesFixture>
{
    public const string Name = "silo-processes";
}
