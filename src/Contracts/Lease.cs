namespace QuantGrid.Contracts;

/// <summary>A worker slot's claim on a work item until <see cref="ExpiresUtc"/>; the worker renews it while the work runs.</summary>
/// <param name="BaselineFailure">Why the experiment's baseline could not be trained: the experiment is failed with it, not run.</param>
[GenerateSerializer, Immutable, Alias("QuantGrid.Lease")]
public sealed record Lease(
    [property: Id(0)] string LeaseId,
    [property: Id(1)] WorkItem Item,
    [property: Id(2)] DateTimeOffset ExpiresUtc,
    [property: Id(3)] string? BaselineFailure = null);
