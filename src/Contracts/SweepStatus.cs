namespace QuantGrid.Contracts;

/// <summary>Counts of a sweep's experiments by status: waiting in the queue (pending) or running on a worker slot.</summary>
/// <param name="EtaSeconds">Estimated time to completion, from the cost model scaled by the measured speed; null before anything can be told.</param>
[GenerateSerializer, Immutable, Alias("QuantGrid.SweepStatus")]
public sealed record SweepStatus(
    [property: Id(0)] string SweepId,
    [property: Id(1)] int Total,
    [property: Id(2)] int Succeeded,
    [property: Id(3)] int Failed,
    [property: Id(4)] int Running,
    [property: Id(5)] int Pending,
    [property: Id(6)] double? EtaSeconds = null)
{
    public int Done => Succeeded + Failed;

    public bool IsComplete => Total > 0 && Done == Total;
}
