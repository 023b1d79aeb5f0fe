namespace QuantGrid.Grains.Tests;

/// <summary>The fault-handling silo with a timeout long enough for the scripted 4 s experiments and the default long-poll wait.</summary>
public sealed class HandOverClusterFixture() : FaultClusterFixture(new()
{
    ["QuantGrid:Worker:ExperimentTimeout"] = "00:01:00",
    ["QuantGrid:Worker:PollWait"] = "00:00:20",
});
