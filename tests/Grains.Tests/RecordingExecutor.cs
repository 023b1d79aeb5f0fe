using System.Collections.Concurrent;
using QuantGrid.Contracts;
using QuantGrid.Grains.Workers;

namespace QuantGrid.Grains.Tests;

/// <summary>Wraps the engine executor and records what each silo actually ran.</summary>
public sealed class RecordingExecutor(IExperimentExecutor inner, string silo, ConcurrentQueue<(string Silo, string Kind, string Key)> log) : IExperimentExecutor
{
    public void TrainBaseline(BaselineSpec spec, string checkpointPath, IProgress<ExperimentUpdate> progress, CancellationToken cancellationToken)
    {
        log.Enqueue((silo, "baseline", spec.Key));
        inner.TrainBaseline(spec, checkpointPath, progress, cancellationToken);
    }

    public bool IsBaselineValid(BaselineSpec spec, string checkpointPath) => inner.IsBaselineValid(spec, checkpointPath);

    public ExperimentResult Run(ExperimentSpec spec, string checkpointPath, IProgress<ExperimentUpdate> progress, CancellationToken cancellationToken)
    {
        log.Enqueue((silo, "experiment", spec.Id));
        return inner.Run(spec, checkpointPath, progress, cancellationToken);
    }
}
