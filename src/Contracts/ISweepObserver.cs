using Orleans.Concurrency;

namespace QuantGrid.Contracts;

/// <summary>Receives a sweep's results and progress as they happen (clients subscribe through <see cref="ISweepGrain"/>).</summary>
public interface ISweepObserver : IGrainObserver
{
    [OneWay]
    Task OnResultAsync(ExperimentResult result);

    [OneWay]
    Task OnUpdateAsync(ExperimentUpdate update);
}
