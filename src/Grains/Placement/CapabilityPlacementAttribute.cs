using Orleans.Placement;

namespace QuantGrid.Grains.Placement;

/// <summary>Marks a grain class for <see cref="CapabilityPlacementStrategy"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class CapabilityPlacementAttribute() : PlacementAttribute(CapabilityPlacementStrategy.Instance);
