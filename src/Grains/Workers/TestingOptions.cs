using System.ComponentModel.DataAnnotations;

namespace QuantGrid.Grains.Workers;

/// <summary>
/// Test-only worker modes (configuration section <c>QuantGrid:Testing</c>): a sleep workload instead of the
/// engine (orchestration benchmarks) and injected faults. Off by default; never set in production.
/// </summary>
public sealed class TestingOptions
{
    public const string Section = "QuantGrid:Testing";

    /// <summary>
    /// The gate: without <c>QuantGrid:Testing:Enabled=true</c> the other settings are ignored (with a warning at
    /// start-up), so one stray environment variable cannot turn a production silo into a sleeping or crashing one.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>True when any test-only mode is asked for.</summary>
    public bool Requested => Workload != "engine" || Fault != "none";

    /// <summary><c>engine</c> (default) or <c>sleep</c>: experiments sleep <see cref="SleepMilliseconds"/> and succeed; baselines are instant.</summary>
    [RegularExpression("^(engine|sleep)$")]
    public string Workload { get; set; } = "engine";

    [Range(0, 3_600_000)]
    public int SleepMilliseconds { get; set; } = 100;

    /// <summary>
    /// <c>none</c>, <c>transient</c> (I/O error), <c>permanent</c> (invalid operation), <c>slow</c> (extra delay),
    /// <c>hang</c> (never returns until cancelled) or <c>crash</c> (after <see cref="SlowMilliseconds"/> of work the whole process dies at once, as a native crash would).
    /// </summary>
    [RegularExpression("^(none|transient|permanent|slow|hang|crash)$")]
    public string Fault { get; set; } = "none";

    /// <summary>Experiments whose id contains this text get the fault (empty: all).</summary>
    public string FaultMatch { get; set; } = "";

    /// <summary>How many times per experiment the fault strikes (transient, hang); later attempts run normally.</summary>
    [Range(1, 1000)]
    public int FaultTimes { get; set; } = 1;

    [Range(0, 3_600_000)]
    public int SlowMilliseconds { get; set; } = 2000;
}
