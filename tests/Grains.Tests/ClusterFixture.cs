using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;
using QuantGrid.Engine.Tests;
using QuantGrid.Grains.Hosting;
using QuantGrid.Grains.Workers;

namespace QuantGrid.Grains.Tests;

/// <summary>
/// Two in-process silos sharing one artifact store: the first advertises a CPU, the second a GPU; both run
/// the real engine on CPU. Records which silo ran which baseline and experiment.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly TempDirectory artifacts = new();
    private readonly ConcurrentDictionary<string, string> roles = new();

    public ClusterFixture()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSiloHost((options, host) =>
        {
            var role = roles.GetOrAdd(options.SiloName, _ => roles.IsEmpty ? "cpu" : "gpu");
            host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["QuantGrid:Worker:Slots"] = "1",
                ["QuantGrid:Worker:TorchThreads"] = "1",
                ["QuantGrid:Worker:Role"] = role,
                ["QuantGrid:Worker:Device"] = "cpu",
                ["QuantGrid:Worker:DataDirectory"] = DataDirectory,
                ["QuantGrid:Worker:ArtifactDirectory"] = artifacts.Path,
            });
        });
        builder.ConfigureSilo((options, silo) =>
        {
            silo.AddQuantGrid(silo.Configuration);
            silo.AddMemoryGrainStorage(StorageNames.Default);
            silo.Services.AddSingleton<IExperimentExecutor>(services =>
                new RecordingExecutor(new EngineExecutor(services.GetRequiredService<IOptions<WorkerOptions>>()), options.SiloName, Log));
        });
        Cluster = builder.Build();
    }

    public InProcessTestCluster Cluster { get; }

    public ConcurrentQueue<(string Silo, string Kind, string Key)> Log { get; } = new();

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>Silo name → advertised role.</summary>
    public IReadOnlyDictionary<string, string> Roles => roles;

    public static string DataDirectory => RepositoryPaths.FashionData;

    public async ValueTask InitializeAsync() => await Cluster.DeployAsync();

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        artifacts.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
