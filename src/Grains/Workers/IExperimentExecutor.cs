using QuantGrid.Contracts;

namespace QuantGrid.Grains.Workers;

/// <summary>Does the work of experiments and baselines on a worker thread (the engine in production).</summary>
public interface IExperimentExecutor
{
    /// <summary>Trains and saves the float baseline to <paramref name="checkpointPath"/>.</summary>
    void TrainBaseline(BaselineSpec spec, string checkpointPath, IProgress<ExperimentUpdate> progress, CancellationToken cancellationToken);

    /// <summary>True when a valid checkpoint for <paramref name="spec"/> is at <paramref name="checkpointPath"/>.</summary>
    bool IsBaselineValid(BaselineSpec spec, string checkpointPath);

    /// <summary>Runs one experiment from the float checkpoint (see <see cref="Measured"/>). Permanent failures come back as a failed result.</summary>
    ExperimentResult Run(ExperimentSpec spec, string checkpointPath, IProgress<ExperimentUpdate> progress, CancellationToken cancellationToken);
}
