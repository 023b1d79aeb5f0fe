namespace QuantGrid.Grains.Placement;

/// <summary>
/// Places experiment and baseline grains by silo capability (GPU-preferring models on GPU silos when any
/// exist, other work on CPU silos when any exist) and spreads them over matching silos in proportion to
/// their worker slots, wherever the call comes from.
/// </summary>
[GenerateSerializer, Immutable, Alias("QuantGrid.CapabilityPlacement")]
public sealed class CapabilityPlacementStrategy : PlacementStrategy
{
    public static CapabilityPlacementStrategy Instance { get; } = new();
}
