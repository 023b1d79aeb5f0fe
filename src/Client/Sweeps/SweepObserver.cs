using System.Threading.Channels;
using QuantGrid.Contracts;

namespace QuantGrid.Client.Sweeps;

/// <summary>Receives pushed results and progress from the sweep grain and queues them for the display.</summary>
internal sealed class SweepObserver : ISweepObserver
{
    public Channel<object> Events { get; } = Channel.CreateUnbounded<object>();

    public Task OnResultAsync(ExperimentResult result) => Events.Writer.WriteAsync(result).AsTask();

    public Task OnUpdateAsync(ExperimentUpdate update) => Events.Writer.WriteAsync(update).AsTask();
}
