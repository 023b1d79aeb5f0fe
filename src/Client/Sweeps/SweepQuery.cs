using System.Collections.Immutable;
using QuantGrid.Contracts;
using QuantGrid.Grains.Storage;

namespace QuantGrid.Client.Sweeps;

/// <summary>
/// What <c>status</c> and <c>results</c> read: the sweep grain of a running cluster or embedded sweep
/// (<see cref="Live"/>), or the state a stopped embedded sweep left on disk, read without a silo.
/// </summary>
internal sealed class SweepQuery
{
    private readonly StoredSweep? stored;

    public SweepQuery(StoredSweep stored) => this.stored = stored;

    private SweepQuery(IClusterClient client, ISweepGrain grain) => Live = (client, grain);

    /// <summary>The client and grain when a process runs the sweep now; null for stored state.</summary>
    public (IClusterClient Client, ISweepGrain Grain)? Live { get; }

    /// <summary>The sweep <paramref name="sweepId"/> of the cluster or silo behind <paramref name="client"/>; null when it does not know it.</summary>
    public static async Task<SweepQuery?> LiveAsync(IClusterClient client, string sweepId)
    {
        var grain = client.GetGrain<ISweepGrain>(sweepId);
        return await grain.GetSpecAsync() is null ? null : new SweepQuery(client, grain);
    }

    public Task<SweepStatus> GetStatusAsync() => Live is { } live ? live.Grain.GetStatusAsync() : Task.FromResult(stored!.Status);

    public Task<ImmutableArray<ExperimentUpdate>> GetRunningAsync() => Live is { } live ? live.Grain.GetRunningAsync() : Task.FromResult(ImmutableArray<ExperimentUpdate>.Empty);

    public Task<ImmutableArray<ExperimentResult>> GetResultsAsync() => Live is { } live ? live.Grain.GetResultsAsync() : Task.FromResult(stored!.Results);
}
