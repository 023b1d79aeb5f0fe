using QuantGrid.Contracts;

namespace QuantGrid.Grains.State;

/// <summary>A lease the work queue hands over to its next activation, with the silo holding it.</summary>
[GenerateSerializer, Immutable, Alias("QuantGrid.HeldLease")]
public sealed record HeldLease([property: Id(0)] Lease Lease, [property: Id(1)] string Holder);
