using Microsoft.Extensions.Diagnostics.HealthChecks;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Hosting.Health;

/// <summary>Ready while the database answers.</summary>
public sealed class DatabaseHealthCheck(VodDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy("ready")
            : HealthCheckResult.Unhealthy("The database does not answer.");
}
