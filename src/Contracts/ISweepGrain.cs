using System.Collections.Immutable;
using Orleans.Concurrency;

namespace QuantGrid.Contracts;

/// <summary>A sweep (key: <see cref="SweepSpec.Id"/>): its grid, each experiment's status and results.</summary>
public interface ISweepGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts the sweep, or (when already started) queues its unfinished experiments again; never duplicates work.
    /// Sweeps of higher <paramref name="priority"/> get free worker slots first; equal ones share them round-robin.
    /// </summary>
    Task<SweepStatus> StartAsync(SweepSpec spec, int priority = 0);

    /// <summary>The counts and ETA; answered at once, even while results are being recorded.</summary>
    [AlwaysInterleave]
    Task<SweepStatus> GetStatusAsync();

    /// <summary>Recorded results, one per finished experiment.</summary>
    Task<ImmutableArray<ExperimentResult>> GetResultsAsync();

    Task<SweepSpec?> GetSpecAsync();

    /// <summary>Mean ± std over seeds per (model, method, bits) of the results so far.</summary>
    Task<ImmutableArray<SummaryRow>> GetSummaryAsync();

    /// <summary>The experiments and baseline trainings running now, each with its silo, phase and progress.</summary>
    Task<ImmutableArray<ExperimentUpdate>> GetRunningAsync();

    /// <summary>The experiments without a result (the work queue resubmits them when it recovers; it may ask while the sweep is calling it).</summary>
    [AlwaysInterleave]
    Task<ImmutableArray<ExperimentSpec>> GetUnfinishedAsync();

    /// <summary>Records an experiment's result; a second report of the same experiment is ignored.</summary>
    Task ReportResultAsync(ExperimentResult result);

    /// <summary>Progress of running work; the first update of an experiment or baseline marks it running.</summary>
    [OneWay]
    Task ReportUpdateAsync(ExperimentUpdate update);

    /// <summary>
    /// Training images/s per model, timed for a few steps on the machine that runs the work before the sweep starts
    /// (the embedded silo): the ETA's estimate for a model until its own float training reports its speed.
    /// </summary>
    Task ReportProbedSpeedsAsync(ImmutableDictionary<string, double> imagesPerSecond);

    /// <summary>An experiment went back to waiting (handed back by a leaving silo, or retried after a fault).</summary>
    [OneWay]
    Task ReportWaitingAsync(string experimentId);

    Task SubscribeAsync(ISweepObserver observer);

    Task UnsubscribeAsync(ISweepObserver observer);
}
