namespace QuantGrid.Contracts;

/// <summary>Counts of a sweep's experiments by status.</summary>
[GenerateSerializer, Immutable, Alias("QuantGrid.SweepStatus")]
public sealed record SweepStatus(
    [property: Id(0)] string SweepId,
    [property: Id(1)] int Total,
    [property: Id(2)] int Succeeded,
    [property: Id(3)] int Failed,
    [property: Id(4)] int Running,
    [property: Id(5)] int Pending)
{
    public int Done => Succeeded + Failed;

    public bool IsComplete => Total > 0 && Done == Total;
}
