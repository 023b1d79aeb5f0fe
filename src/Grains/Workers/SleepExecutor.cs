using Microsoft.Extensions.Options;
using QuantGrid.Contracts;

namespace QuantGrid.Grains.Workers;

/// <summary>A test-only workload: every experiment sleeps a fixed time and succeeds; baselines are instant. Measures orchestration, not ML.</summary>
public sealed class SleepExecutor(IOptions<TestingOptions> options) : IExperimentExecutor
{
    public void TrainBaseline(BaselineSpec spec, string checkpointPath, IProgress<ExperimentUpdate> progress, CancellationToken cancellationToken)
    {
    }

    public bool IsBaselineValid(BaselineSpec spec, string checkpointPath) => true;

    public ExperimentResult Run(ExperimentSpec spec, string checkpointPath, IProgress<ExperimentUpdate> progress, CancellationToken cancellationToken)
    {
        if (options.Value.SleepMilliseconds > 0)
        {
            FaultInjectingExecutor.Sleep(options.Value.SleepMilliseconds, cancellationToken);
        }

        return Measured.Succeeded(spec, 1.0, 1.0, 1, 4, 0);
    }
}
