using System.ComponentModel.DataAnnotations;

namespace QuantGrid.Grains.Workers;

/// <summary>A silo's experiment workers (configuration section <c>QuantGrid:Worker</c>).</summary>
public sealed class WorkerOptions
{
    public const string Section = "QuantGrid:Worker";

    /// <summary>Experiments this silo runs at once.</summary>
    [Range(1, 256)]
    public int Slots { get; set; } = 1;

    /// <summary>Torch intra-op threads for the process; 0 gives each slot an equal share of the cores.</summary>
    [Range(0, 1024)]
    public int TorchThreads { get; set; }

    /// <summary><c>cpu</c>, <c>gpu</c>, or <c>auto</c> (gpu when CUDA is available).</summary>
    [RegularExpression("^(cpu|gpu|auto)$")]
    public string Role { get; set; } = "auto";

    /// <summary>Torch device for experiments: cpu, cuda, cuda:N or auto.</summary>
    [Required]
    public string Device { get; set; } = "auto";

    /// <summary>Data directory on this node; empty applies the usual search (QUANTGRID_DATA, ./data, ../shared/data).</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Artifact store shared by the silos (checkpoints, packed models): a local path or a shared volume.</summary>
    [Required]
    public string ArtifactDirectory { get; set; } = "artifacts";

    /// <summary>Longest an experiment may run before it is cancelled and retried or failed.</summary>
    public TimeSpan ExperimentTimeout { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Attempts for an experiment whose failures are transient (lost silo, I/O).</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How often unfinished experiments are re-driven (sweep timer; experiment reminders use at least Orleans' minimum reminder period).</summary>
    public TimeSpan RedrivePeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Durable reminders re-drive experiments whose silo died (cluster). The embedded silo turns them off: it is a
    /// single process with in-memory reminders, and its sweep's re-drive timer already restarts everything unfinished.
    /// </summary>
    public bool Reminders { get; set; } = true;

    public int EffectiveTorchThreads => TorchThreads > 0 ? TorchThreads : Math.Max(1, Environment.ProcessorCount / Slots);
}
