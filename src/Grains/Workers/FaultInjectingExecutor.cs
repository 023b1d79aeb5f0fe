using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using QuantGrid.Contracts;

namespace QuantGrid.Grains.Workers;

/// <summary>Wraps an executor and injects the fault configured in <see cref="TestingOptions"/> before running an experiment.</summary>
public sealed class FaultInjectingExecutor(IExperimentExecutor inner, IOptions<TestingOptions> options) : IExperimentExecutor
{
    private readonly TestingOptions testing = options.Value;
    private readonly ConcurrentDictionary<string, int> strikes = new();

    public void TrainBaseline(BaselineSpec spec, string checkpointPath, IProgress<ExperimentUpdate> progress, CancellationToken cancellationToken) =>
        inner.TrainBaseline(spec, checkpointPath, progress, cancellationToken);

    public bool IsBaselineValid(BaselineSpec spec, string checkpointPath) => inner.IsBaselineValid(spec, checkpointPath);

    public ExperimentResult Run(ExperimentSpec spec, string checkpointPath, IProgress<ExperimentUpdate> progress, CancellationToken cancellationToken)
    {
        if (testing.Fault != "none" && spec.Id.Contains(testing.FaultMatch, StringComparison.Ordinal))
        {
            var strike = strikes.AddOrUpdate(spec.Id, 1, (_, n) => n + 1);
            switch (testing.Fault)
            {
                case "transient" when strike <= testing.FaultTimes:
                    throw new IOException($"injected transient fault {strike} of {testing.FaultTimes}");
                case "permanent":
                    throw new InvalidOperationException("injected permanent fault");
                case "slow":
                    Sleep(testing.SlowMilliseconds, cancellationToken);
                    break;
                case "crash":
                    Sleep(testing.SlowMilliseconds, cancellationToken);
                    Environment.FailFast($"injected crash in experiment {spec.Id}");
                    break;
                case "hang" when strike <= testing.FaultTimes:
                    Sleep(Timeout.Infinite, cancellationToken);
                    break;
                default:
                    break;
            }
        }

        return inner.Run(spec, checkpointPath, progress, cancellationToken);
    }

    /// <summary>Blocks the worker thread for <paramref name="milliseconds"/> unless cancelled first (then throws <see cref="OperationCanceledException"/>).</summary>
    internal static void Sleep(int milliseconds, CancellationToken cancellationToken)
    {
        cancellationToken.WaitHandle.WaitOne(milliseconds);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
