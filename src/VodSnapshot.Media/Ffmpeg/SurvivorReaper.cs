using Microsoft.Extensions.Hosting;

namespace VodSnapshot.Media.Ffmpeg;

/// <summary>At start, before any job runs, ends the media tools an earlier run of the service left behind (see <see cref="ChildProcessGuard"/>).</summary>
internal sealed class SurvivorReaper(ChildProcessGuard guard) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        guard.ReapSurvivors();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
