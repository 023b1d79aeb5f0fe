using System.Globalization;
using System.Collections.Immutable;

namespace QuantGrid.Grains.Placement;

/// <summary>What a silo offers for experiments, published as silo metadata (<c>quantgrid.role</c>, <c>quantgrid.slots</c>, <c>quantgrid.gpus</c>).</summary>
public sealed record SiloCapabilities(string Role, int Slots, int Gpus)
{
    public const string RoleKey = "quantgrid.role";
    public const string SlotsKey = "quantgrid.slots";
    public const string GpusKey = "quantgrid.gpus";
    public const string Cpu = "cpu";
    public const string Gpu = "gpu";

    public bool IsGpu => Role == Gpu;

    public Dictionary<string, string> ToMetadata() => new()
    {
        [RoleKey] = Role,
        [SlotsKey] = Slots.ToString(CultureInfo.InvariantCulture),
        [GpusKey] = Gpus.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Reads the capabilities from silo metadata; null when the silo publishes none.</summary>
    public static SiloCapabilities? FromMetadata(ImmutableDictionary<string, string> metadata) =>
        metadata.TryGetValue(RoleKey, out var role)
            ? new SiloCapabilities(
                role,
                metadata.TryGetValue(SlotsKey, out var slots) && int.TryParse(slots, CultureInfo.InvariantCulture, out var s) ? Math.Max(1, s) : 1,
                metadata.TryGetValue(GpusKey, out var gpus) && int.TryParse(gpus, CultureInfo.InvariantCulture, out var g) ? g : 0)
            : null;
}
