using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using QuantGrid.Contracts;
using QuantGrid.Grains.State;

namespace QuantGrid.Grains.Storage;

/// <summary>
/// A sweep as the embedded silo's file storage holds it, read without starting a silo or loading libtorch
/// (<c>quantgrid status</c> and <c>results</c> when no process runs the sweep). Nothing runs, so work that was
/// running when its process stopped counts as waiting.
/// </summary>
public sealed record StoredSweep(SweepSpec Spec, SweepStatus Status, ImmutableArray<ExperimentResult> Results)
{
    /// <summary>The sweep <paramref name="sweepId"/> under <paramref name="stateDirectory"/>; null when it holds none.</summary>
    public static async Task<StoredSweep?> ReadAsync(string stateDirectory, string sweepId)
    {
        await using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        using var storage = new FileGrainStorage(stateDirectory, services.GetRequiredService<Serializer>(), owner: null);
        var grain = GrainId.Create(SweepGrain.TypeName, sweepId);
        var stored = new GrainState<SweepState>();
        await storage.ReadStateAsync(SweepGrain.StateName, grain, stored);
        if (!stored.RecordExists || stored.State?.Spec is not { } spec)
        {
            return null;
        }

        var pages = new SweepResultPages(storage, grain);
        await pages.LoadAsync();
        foreach (var legacy in stored.State.Results.Values)
        {
            pages.Add(legacy);
        }

        var results = pages.Results.Values.Where(r => stored.State.Experiments.ContainsKey(r.ExperimentId)).ToList();
        var succeeded = results.Count(r => r.Status == ExperimentStatus.Succeeded);
        var failed = results.Count(r => r.Status == ExperimentStatus.Failed);
        var total = stored.State.Experiments.Count;
        var status = new SweepStatus(sweepId, total, succeeded, failed, Running: 0, Pending: total - succeeded - failed);
        return new StoredSweep(spec, status, [.. results.OrderBy(r => r.ExperimentId, StringComparer.Ordinal)]);
    }
}
