using Microsoft.Extensions.Diagnostics.HealthChecks;
using VodSnapshot.Api.Storage;

namespace VodSnapshot.Api.Hosting.Health;

/// <summary>Degraded while the state folder's free space is below <c>Storage:MinFreeBytes</c> (new jobs and uploads are refused then).</summary>
public sealed class DiskHealthCheck(DiskSpace disk) : IHealthCheck
{
    public const string FreeBytesKey = "freeBytes";
    public const string FloorBytesKey = "floorBytes";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var space = disk.Check();
        var data = new Dictionary<string, object> { [FreeBytesKey] = space.FreeBytes, [FloorBytesKey] = space.FloorBytes };
        return Task.FromResult(space.Refusal is { } low ? HealthCheckResult.Degraded(low, data: data) : HealthCheckResult.Healthy("Ok", data));
    }
}
