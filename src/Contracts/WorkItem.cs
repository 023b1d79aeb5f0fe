namespace QuantGrid.Contracts;

/// <summary>A runnable piece of a sweep in the cluster-wide work queue: a baseline training or an experiment.</summary>
/// <param name="Id">The experiment id, or <c>baseline-</c> and the baseline key.</param>
/// <param name="SweepId">The sweep that asked for it (progress goes there).</param>
/// <param name="Experiment">The experiment (null for a baseline).</param>
/// <param name="Baseline">The float baseline it needs (for a baseline item: the one to train).</param>
/// <param name="PrefersGpu">GPU silos take it first; CPU silos only when no GPU silo is a member (or after the configured wait).</param>
/// <param name="EstimatedSeconds">The cost model's estimate of its work on one 2-core CPU slot.</param>
[GenerateSerializer, Immutable, Alias("QuantGrid.WorkItem")]
public sealed record WorkItem(
    [property: Id(0)] string Id,
    [property: Id(1)] WorkKind Kind,
    [property: Id(2)] string SweepId,
    [property: Id(3)] ExperimentSpec? Experiment,
    [property: Id(4)] BaselineSpec Baseline,
    [property: Id(5)] bool PrefersGpu,
    [property: Id(6)] double EstimatedSeconds)
{
    public static string BaselineId(BaselineSpec baseline) => "baseline-" + baseline.Key;
}
