using Microsoft.Extensions.Hosting;

namespace QuantGrid.Client.Sweeps;

/// <summary>
/// The lifetime of the CLI's hosts (embedded silo, cluster client): it leaves Ctrl-C and SIGTERM to the command
/// line, which cancels the command; the default console lifetime would swallow them and stop nothing.
/// </summary>
internal sealed class CommandLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
