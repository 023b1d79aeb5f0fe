using QuantGrid.Contracts;

namespace QuantGrid.Grains.State;

/// <summary>
/// One page of a sweep's recorded results, in arrival order (at most <see cref="Storage.SweepResultPages.PageSize"/>),
/// stored as its own grain state beside the sweep's so that recording a result rewrites one page, not every result.
/// </summary>
[GenerateSerializer, Alias("QuantGrid.SweepResultPage")]
public sealed class SweepResultPage
{
    [Id(0)]
    public List<ExperimentResult> Results { get; set; } = [];
}
