using Orleans.Storage;
using QuantGrid.Contracts;
using QuantGrid.Grains.State;

namespace QuantGrid.Grains.Storage;

/// <summary>
/// A sweep's results, kept in pages of <see cref="PageSize"/> in arrival order under the state names
/// <c>results-0</c>, <c>results-1</c>, … of the sweep's grain: a flush writes only the pages that gained results, so
/// the cost of recording a result does not grow with the sweep's size. Pages are only ever appended; loading reads
/// them in order until the first that does not exist.
/// </summary>
public sealed class SweepResultPages(IGrainStorage storage, GrainId sweep)
{
    /// <summary>Results per page.</summary>
    public const int PageSize = 256;

    private readonly List<GrainState<SweepResultPage>> pages = [];
    private readonly SortedSet<int> dirty = [];
    private readonly Dictionary<string, ExperimentResult> results = new(StringComparer.Ordinal);

    /// <summary>Every result recorded, by experiment id.</summary>
    public IReadOnlyDictionary<string, ExperimentResult> Results => results;

    /// <summary>Every result recorded.</summary>
    public IReadOnlyCollection<ExperimentResult> All => results.Values;

    /// <summary>Results recorded since the last <see cref="FlushAsync"/>.</summary>
    public bool IsDirty => dirty.Count > 0;

    /// <summary>Pages written or loaded so far.</summary>
    public int PageCount => pages.Count;

    public static string StateName(int page) => $"results-{page}";

    /// <summary>Reads the stored pages (call once, before anything is added).</summary>
    public async Task LoadAsync()
    {
        for (var index = 0; ; index++)
        {
            var page = new GrainState<SweepResultPage>();
            await storage.ReadStateAsync(StateName(index), sweep, page);
            if (!page.RecordExists)
            {
                return;
            }

            page.State ??= new SweepResultPage();
            pages.Add(page);
            foreach (var result in page.State.Results)
            {
                results.TryAdd(result.ExperimentId, result);
            }
        }
    }

    /// <summary>Records <paramref name="result"/> in memory; false (and nothing changes) when its experiment already has one.</summary>
    public bool Add(ExperimentResult result)
    {
        if (!results.TryAdd(result.ExperimentId, result))
        {
            return false;
        }

        if (pages.Count == 0 || pages[^1].State!.Results.Count >= PageSize)
        {
            pages.Add(new GrainState<SweepResultPage>(new SweepResultPage()));
        }

        pages[^1].State!.Results.Add(result);
        dirty.Add(pages.Count - 1);
        return true;
    }

    /// <summary>Writes the pages that gained results, in page order (a later page never exists without the ones before it).</summary>
    public async Task FlushAsync()
    {
        while (dirty.Count > 0)
        {
            var index = dirty.Min;
            var count = pages[index].State!.Results.Count;
            await storage.WriteStateAsync(StateName(index), sweep, pages[index]);
            if (pages[index].State!.Results.Count == count)
            {
                dirty.Remove(index);
            }
        }
    }
}
