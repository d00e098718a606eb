using Microsoft.Extensions.Options;

namespace VodSnapshot.Api.Security;

/// <summary>Names the development key in the start-up log while it is the one key, so SDK users can copy it from there.</summary>
public sealed partial class DevelopmentKeyNotice(IOptions<SecurityOptions> options, ILogger<DevelopmentKeyNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.UsesDevelopmentKey)
        {
            var key = SecurityOptions.DevelopmentKey;
            LogDevelopmentKey(logger, key.AccessKeyId, key.AccessKeySecret);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "No Security:AccessKeys configured: signed calls are accepted with the public development key AccessKeyId={AccessKeyId} AccessKeySecret={AccessKeySecret}. Configure Security:AccessKeys to replace it.")]
    private static partial void LogDevelopmentKey(ILogger logger, string accessKeyId, string accessKeySecret);
}
