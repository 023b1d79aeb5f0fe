namespace QuantGrid.Contracts;

/// <summary>One experiment (key: <see cref="ExperimentSpec.Id"/>). Runs on a silo-local worker pool and reports to its sweep exactly once.</summary>
public interface IExperimentGrain : IGrainWithStringKey
{
    /// <summary>Starts the experiment unless it is running or done (then re-reports its result); returns at once.</summary>
    Task StartAsync(ExperimentSpec spec, string sweepId);

    Task<ExperimentStatus> GetStatusAsync();

    Task<ExperimentResult?> GetResultAsync();
}
