using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using QuantGrid.Engine.Runtime;
using QuantGrid.Grains.Workers;
using TorchSharp;

namespace QuantGrid.Grains.Hosting;

/// <summary>Loads TorchSharp and sets its thread count before the silo accepts work.</summary>
internal sealed class TorchStartup(IOptions<WorkerOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return Task.CompletedTask;
        }

        TorchRuntime.EnsureInitialized();
        torch.set_num_threads(options.Value.EffectiveTorchThreads);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
