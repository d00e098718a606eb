namespace VodSnapshot.Api.Hosting;

/// <summary>
/// Warns at start about settings that are no longer read, naming the one that replaced each, so a configuration
/// written for an earlier version does not silently lose its effect.
/// </summary>
public sealed partial class DeprecatedSettings(IConfiguration configuration, ILogger<DeprecatedSettings> logger) : IHostedService
{
    private static readonly (string Old, string New)[] Renamed =
    [
        ("Jobs:StallTimeout", "Ffmpeg:StallTimeout"),
        ("Jobs:ProcessTimeout", "Ffmpeg:ProcessTimeout"),
    ];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (old, replacement) in Renamed)
        {
            if (configuration[old] is not null)
            {
                LogIgnored(logger, old, replacement);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The setting {Old} is no longer read and has no effect; use {New}")]
    private static partial void LogIgnored(ILogger logger, string old, string @new);
}
