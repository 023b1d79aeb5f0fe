namespace QuantGrid.Grains.State;

/// <summary>
/// Persistent state of the work queue: the sweeps still running and their priorities, and, after a graceful
/// deactivation (its silo left, or the activation moved), the leases it held then. The queue's items are rebuilt from
/// those sweeps when it activates; handed-over leases are taken over at once, and after a crash running leases are
/// re-adopted from the workers' renewals.
/// </summary>
[GenerateSerializer, Alias("QuantGrid.WorkQueueState")]
public sealed class WorkQueueState
{
    [Id(0)]
    public Dictionary<string, int> ActiveSweeps { get; set; } = [];

    [Id(1)]
    public List<HeldLease> HandedOver { get; set; } = [];

    [Id(2)]
    public DateTimeOffset HandedOverUtc { get; set; }
}
