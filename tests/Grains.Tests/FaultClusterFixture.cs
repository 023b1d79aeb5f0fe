using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using QuantGrid.Grains.Hosting;
using QuantGrid.Grains.Workers;

namespace QuantGrid.Grains.Tests;

/// <summary>One in-process silo running <see cref="ScriptedExecutor"/> with short timeouts and re-drive periods.</summary>
public class FaultClusterFixture : IAsyncLifetime
{
    public FaultClusterFixture()
        : this([])
    {
    }

    /// <summary>The same silo with some worker settings replaced.</summary>
    protected FaultClusterFixture(Dictionary<string, string?> overrides)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["QuantGrid:Worker:Slots"] = "4",
            ["QuantGrid:Worker:Role"] = "cpu",
            ["QuantGrid:Worker:ExperimentTimeout"] = "00:00:02",
            ["QuantGrid:Worker:MaxAttempts"] = "3",
            ["QuantGrid:Worker:RedrivePeriod"] = "00:00:02",
            ["QuantGrid:Worker:PollWait"] = "00:00:01",
        }.Concat(overrides).GroupBy(setting => setting.Key).ToDictionary(group => group.Key, group => group.Last().Value)));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddQuantGrid(silo.Configuration);
            silo.AddMemoryGrainStorage(StorageNames.Default);
            silo.Services.AddSingleton<IExperimentExecutor>(Executor);
        });
        Cluster = builder.Build();
    }

    public ScriptedExecutor Executor { get; } = new();

    public InProcessTestCluster Cluster { get; }

    public async ValueTask InitializeAsync() => await Cluster.DeployAsync();

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
