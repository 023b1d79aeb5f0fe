using System.Collections.Immutable;

namespace QuantGrid.Contracts;

/// <summary>The work queue right now: items waiting (runnable, waiting for a baseline, or backing off), leased, and the workers seen.</summary>
[GenerateSerializer, Immutable, Alias("QuantGrid.QueueStats")]
public sealed record QueueStats(
    [property: Id(0)] int Waiting,
    [property: Id(1)] int Leased,
    [property: Id(2)] ImmutableArray<WorkerInfo> Workers)
{
    /// <summary>Worker slots of the silos that asked for work recently.</summary>
    public int Slots => Workers.Sum(w => w.Slots);
}
