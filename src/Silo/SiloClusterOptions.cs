using System.ComponentModel.DataAnnotations;

namespace QuantGrid.Silo;

/// <summary>How the silo joins its cluster (configuration section <c>QuantGrid:Cluster</c>, environment <c>QuantGrid__Cluster__*</c>).</summary>
public sealed class SiloClusterOptions : IValidatableObject
{
    public const string Section = "QuantGrid:Cluster";

    /// <summary><c>localhost</c> (development: one machine, file state) or <c>redis</c> (membership and grain state in Redis).</summary>
    [Required]
    [RegularExpression("^(localhost|redis)$")]
    public string Provider { get; set; } = "localhost";

    /// <summary>StackExchange.Redis configuration string, e.g. <c>redis:6379</c>; required for <c>redis</c>.</summary>
    public string? Redis { get; set; }

    /// <summary>The Redis password, kept out of the connection string (set it from a secret: <c>QuantGrid__Cluster__RedisPassword</c>).</summary>
    public string? RedisPassword { get; set; }

    [Required]
    public string ClusterId { get; set; } = "quantgrid";

    [Required]
    public string ServiceId { get; set; } = "quantgrid";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Address other silos and clients use to reach this one (default: the host's address; in Kubernetes the pod IP).</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Localhost provider: the first silo's port, so that more silos can join on one machine.</summary>
    [Range(0, 65535)]
    public int PrimarySiloPort { get; set; }

    /// <summary>Localhost provider: directory of the durable grain state.</summary>
    public string StateDirectory { get; set; } = "artifacts/state";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AdvertisedAddress is { Length: > 0 } address && !System.Net.IPAddress.TryParse(address, out _))
        {
            yield return new ValidationResult($"QuantGrid:Cluster:AdvertisedAddress '{address}' is not an IP address", [nameof(AdvertisedAddress)]);
        }

        if (Provider == "redis" && string.IsNullOrWhiteSpace(Redis))
        {
            yield return new ValidationResult("QuantGrid:Cluster:Redis is required when Provider is redis", [nameof(Redis)]);
        }
    }
}
