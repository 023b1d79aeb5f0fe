namespace QuantGrid.Contracts;

/// <summary>A silo's worker pool as the work queue sees it when it asks for work.</summary>
/// <param name="Silo">The silo's address.</param>
/// <param name="IsGpu">A GPU-role silo.</param>
/// <param name="Slots">Its worker slots.</param>
[GenerateSerializer, Immutable, Alias("QuantGrid.WorkerInfo")]
public sealed record WorkerInfo(
    [property: Id(0)] string Silo,
    [property: Id(1)] bool IsGpu,
    [property: Id(2)] int Slots);
