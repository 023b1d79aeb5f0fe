using System.Collections.Concurrent;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;
using QuantGrid.Engine.Models;

namespace QuantGrid.Grains.Placement;

/// <summary>
/// Chooses a silo for a <see cref="CapabilityPlacementStrategy"/> grain. The grain key starts with the model
/// name; models that prefer a GPU go to GPU silos when any are compatible, others to CPU silos when any
/// are. Among those, the silo with the fewest placements per worker slot wins (weighted round-robin).
/// </summary>
public sealed class CapabilityPlacementDirector(ISiloMetadataCache metadata) : IPlacementDirector
{
    private readonly ConcurrentDictionary<SiloAddress, long> placements = new();

    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var compatible = context.GetCompatibleSilos(target);
        if (compatible.Length == 0)
        {
            throw new OrleansException($"no silo can host {target.GrainIdentity}");
        }

        var described = compatible
            .Select(silo => (Silo: silo, Capabilities: SiloCapabilities.FromMetadata(metadata.GetSiloMetadata(silo).Metadata)))
            .ToList();
        var candidates = Choose(described, PrefersGpu(target.GrainIdentity.Key.ToString()));
        lock (placements)
        {
            var chosen = candidates
                .OrderBy(c => (double)placements.GetValueOrDefault(c.Silo) / (c.Capabilities?.Slots ?? 1))
                .ThenBy(c => c.Silo.ToString(), StringComparer.Ordinal)
                .First().Silo;
            placements[chosen] = placements.GetValueOrDefault(chosen) + 1;
            return Task.FromResult(chosen);
        }
    }

    /// <summary>The silos that may run the work: the preferred kind when present, else the other kind, else any.</summary>
    public static IReadOnlyList<(SiloAddress Silo, SiloCapabilities? Capabilities)> Choose(
        IReadOnlyList<(SiloAddress Silo, SiloCapabilities? Capabilities)> silos, bool prefersGpu)
    {
        var gpu = silos.Where(s => s.Capabilities?.IsGpu == true).ToList();
        var cpu = silos.Where(s => s.Capabilities is { IsGpu: false }).ToList();
        var (first, second) = prefersGpu ? (gpu, cpu) : (cpu, gpu);
        return first.Count > 0 ? first : second.Count > 0 ? second : silos;
    }

    private static bool PrefersGpu(string key)
    {
        var model = key.Split('-', 2)[0];
        return ModelRegistry.All.FirstOrDefault(m => m.Name == model)?.PrefersGpu ?? false;
    }
}
