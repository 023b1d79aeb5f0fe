using System.Collections.Concurrent;
using QuantGrid.Contracts;
using QuantGrid.Grains.Workers;

namespace QuantGrid.Grains.Tests;

/// <summary>
/// A test workload whose behaviour is chosen by the experiment's seed: 100 transient fault twice then success,
/// 200 permanent fault, 300 hangs on its first attempt, 400 hangs on every attempt, 500 works for 1.2 s, 600 for 4 s; anything else sleeps 20 ms and succeeds.
/// </summary>
public sealed class ScriptedExecutor : IExperimentExecutor
{
    public ConcurrentDictionary<string, int> Runs { get; } = new();

    public void TrainBaseline(BaselineSpec spec, string checkpointPath, IProgress<ExperimentUpdate> progress, CancellationToken cancellationToken)
    {
    }

    public bool IsBaselineValid(BaselineSpec spec, string checkpointPath) => true;

    public ExperimentResult Run(ExperimentSpec spec, string checkpointPath, IProgress<ExperimentUpdate> progress, CancellationToken cancellationToken)
    {
        var run = Runs.AddOrUpdate(spec.Id, 1, (_, n) => n + 1);
        switch (spec.Seed)
        {
            case 100 when run <= 2:
                throw new IOException($"scripted transient fault {run}");
            case 200:
                throw new InvalidOperationException("scripted permanent fault");
            case 300 when run == 1:
            case 400:
                cancellationToken.WaitHandle.WaitOne();
                cancellationToken.ThrowIfCancellationRequested();
                break;
            case 500:
                cancellationToken.WaitHandle.WaitOne(1200);
                cancellationToken.ThrowIfCancellationRequested();
                break;
            case 600:
                cancellationToken.WaitHandle.WaitOne(4000);
                cancellationToken.ThrowIfCancellationRequested();
                break;
            default:
                break;
        }

        cancellationToken.WaitHandle.WaitOne(20);
        return Measured.Succeeded(spec, 0.9, 0.91, 10, 40, 0.1);
    }
}
