using System.Collections.Immutable;
using Orleans.Concurrency;

namespace QuantGrid.Contracts;

/// <summary>A sweep (key: <see cref="SweepSpec.Id"/>): its grid, each experiment's status and results.</summary>
public interface ISweepGrain : IGrainWithStringKey
{
    /// <summary>Starts the sweep, or (when already started) re-drives its unfinished experiments; never duplicates work.</summary>
    Task<SweepStatus> StartAsync(SweepSpec spec);

    Task<SweepStatus> GetStatusAsync();

    /// <summary>Recorded results, one per finished experiment.</summary>
    Task<ImmutableArray<ExperimentResult>> GetResultsAsync();

    Task<SweepSpec?> GetSpecAsync();

    /// <summary>Mean ± std over seeds per (model, method, bits) of the results so far.</summary>
    Task<ImmutableArray<SummaryRow>> GetSummaryAsync();

    /// <summary>Records an experiment's result; a second report of the same experiment is ignored.</summary>
    Task ReportResultAsync(ExperimentResult result);

    [OneWay]
    Task ReportUpdateAsync(ExperimentUpdate update);

    Task SubscribeAsync(ISweepObserver observer);

    Task UnsubscribeAsync(ISweepObserver observer);
}
