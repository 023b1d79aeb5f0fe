using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace QuantGrid.Silo;

/// <summary>Healthy while this silo is an active member of its cluster.</summary>
internal sealed class SiloHealthCheck(ILocalSiloDetails silo, IClusterMembershipService membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"{silo.SiloAddress} active")
            : HealthCheckResult.Unhealthy($"{silo.SiloAddress} is {status}"));
    }
}
