using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Features.Templates;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Features.Callbacks;

/// <summary>
/// At start, turns <c>Callback:Url</c> (with <c>Callback:AuthKey</c>) into the global configuration of application
/// app-1000000 — HTTP, EventTypeList ALL, AuthSwitch on when a key is set — on a database that has never had one, so
/// setups from before SetMessageCallback keep working. It happens at most once per database (a <see cref="SeedRecord"/>
/// remembers it): afterwards SetMessageCallback and DeleteMessageCallback own the configuration.
/// </summary>
public sealed partial class MessageCallbackSeeder(
    IServiceScopeFactory scopes,
    IOptions<CallbackOptions> options,
    TimeProvider clock,
    ILogger<MessageCallbackSeeder> logger) : IHostedService
{
    public const string SeedName = "MessageCallback";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.Url))
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VodDbContext>();
        if (await db.SeedRecords.AnyAsync(r => r.Name == SeedName, cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var seeded = !await db.MessageCallbacks.AnyAsync(c => c.AppId == VodTemplates.DefaultAppId, cancellationToken);
        if (seeded)
        {
            db.MessageCallbacks.Add(new MessageCallbackConfig
            {
                AppId = VodTemplates.DefaultAppId,
                CallbackType = MessageCallbackSettings.Http,
                CallbackUrl = settings.Url,
                EventTypeList = MessageCallbackSettings.AllEvents,
                AuthSwitch = string.IsNullOrEmpty(settings.AuthKey) ? MessageCallbackSettings.Off : MessageCallbackSettings.On,
                AuthKey = string.IsNullOrEmpty(settings.AuthKey) ? null : settings.AuthKey,
                Source = "Callback:Url",
                ModifyTime = now,
            });
        }

        // Another node starting on the same new database may have seeded it first: then this one logs nothing.
        if (await SeedOnce.SaveAsync(db, scopes, SeedName, now, cancellationToken) && seeded)
        {
            LogSeeded(logger, settings.Url);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Callback:Url {Url} became the global callback configuration (HTTP, ALL) of a new database; SetMessageCallback changes it from now on")]
    private static partial void LogSeeded(ILogger logger, string url);
}
