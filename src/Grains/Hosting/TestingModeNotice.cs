using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QuantGrid.Grains.Workers;

namespace QuantGrid.Grains.Hosting;

/// <summary>Says at start-up, as a warning, when test-only modes are on (or set and ignored because they are not enabled).</summary>
internal sealed partial class TestingModeNotice(IOptions<TestingOptions> options, ILogger<TestingModeNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var testing = options.Value;
        if (testing.Enabled)
        {
            LogOn(logger, testing.Workload, testing.Fault, testing.FaultMatch);
        }
        else if (testing.Requested)
        {
            LogIgnored(logger, testing.Workload, testing.Fault);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "TEST MODE: workload {Workload}, injected fault {Fault} (on experiments matching '{Match}'); never use this silo for real results")]
    private static partial void LogOn(ILogger logger, string workload, string fault, string match);

    [LoggerMessage(Level = LogLevel.Warning, Message = "QuantGrid:Testing asks for workload {Workload} and fault {Fault}, which are ignored: QuantGrid:Testing:Enabled is not true")]
    private static partial void LogIgnored(ILogger logger, string workload, string fault);
}
