namespace QuantGrid.Contracts;

/// <summary>
/// One experiment's durable record (key: <see cref="ExperimentSpec.Id"/>): its attempts and its result, reported to its
/// sweep exactly once. The work itself runs on whichever silo's worker slot leased it from the work queue.
/// </summary>
public interface IExperimentGrain : IGrainWithStringKey
{
    /// <summary>
    /// Counts an attempt by <paramref name="silo"/> and lets it run; a finished experiment re-reports its result instead,
    /// and one that has used up its attempts (lost silos, faults) is failed.
    /// </summary>
    Task<AttemptStart> BeginAttemptAsync(ExperimentSpec spec, string sweepId, string silo);

    /// <summary>Records the result (the first one wins) and reports it to the sweep.</summary>
    Task CompleteAsync(ExperimentResult result);

    /// <summary>
    /// The attempt ended without a result. A hand-back (the silo is leaving) does not count; a fault counts, and the
    /// experiment is failed with it once its attempts are used up. Returns true when it should run again.
    /// </summary>
    Task<bool> EndAttemptAsync(string? fault, bool handedBack);
}
