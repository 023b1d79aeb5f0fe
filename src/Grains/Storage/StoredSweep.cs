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
        var stored = new GrainState<SweepState>();
        await storage.ReadStateAsync(SweepGrain.StateName, GrainId.Create(SweepGrain.TypeName, sweepId), stored);
        if (!stored.RecordExists || stored.State?.Spec is not { } spec)
        {
            return null;
        }

        var statuses = stored.State.Statuses.Values;
        var succeeded = statuses.Count(s => s == ExperimentStatus.Succeeded);
        var failed = statuses.Count(s => s == ExperimentStatus.Failed);
        var status = new SweepStatus(sweepId, statuses.Count, succeeded, failed, Running: 0, Pending: statuses.Count - succeeded - failed);
        return new StoredSweep(spec, status, [.. stored.State.Results.Values.OrderBy(r => r.ExperimentId, StringComparer.Ordinal)]);
    }
}
