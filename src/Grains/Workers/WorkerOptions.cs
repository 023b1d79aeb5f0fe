using System.ComponentModel.DataAnnotations;

namespace QuantGrid.Grains.Workers;

/// <summary>A silo's experiment workers (configuration section <c>QuantGrid:Worker</c>).</summary>
public sealed class WorkerOptions
{
    public const string Section = "QuantGrid:Worker";

    /// <summary>False: this silo runs no work and loads no libtorch (the CLI's read-only view of a sweep's state).</summary>
    public bool Enabled { get; set; } = true;

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

    /// <summary>How often a sweep queues its unfinished experiments again (a safety net: the queue already holds them).</summary>
    public TimeSpan RedrivePeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a lease lasts unless renewed (the worker renews it every third of this); an expired lease puts the work back.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest a worker's request for work waits in the queue before it asks again (new work answers it at once).</summary>
    public TimeSpan PollWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>On SIGTERM, how long running experiments may finish before they are handed back (fits deploy/k8s's terminationGracePeriodSeconds of 180 with the silo's own shutdown).</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>How long GPU-preferring work waits for a GPU silo before a CPU silo may take it, while a GPU silo is a member.</summary>
    public TimeSpan GpuWait { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>After the queue recovers (its silo died), how long it only re-adopts renewed leases before handing out work.</summary>
    public TimeSpan QueueRecoveryGrace { get; set; } = TimeSpan.FromSeconds(30);

    public int EffectiveTorchThreads => TorchThreads > 0 ? TorchThreads : Math.Max(1, Environment.ProcessorCount / Slots);
}
