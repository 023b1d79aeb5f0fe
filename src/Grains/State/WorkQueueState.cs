namespace QuantGrid.Grains.State;

/// <summary>
/// Persistent state of the work queue: only the sweeps still running and their priorities. The queue's items are
/// rebuilt from those sweeps when it activates, and running leases are re-adopted from the workers' renewals.
/// </summary>
[GenerateSerializer, Alias("QuantGrid.WorkQueueState")]
public sealed class WorkQueueState
{
    [Id(0)]
    public Dictionary<string, int> ActiveSweeps { get; set; } = [];
}
