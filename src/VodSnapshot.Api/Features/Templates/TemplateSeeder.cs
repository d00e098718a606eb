using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Features.Templates;

/// <summary>Section <c>Templates</c>.</summary>
public sealed class TemplateOptions
{
    public const string SectionName = "Templates";

    /// <summary>Whether a database without templates gets the <see cref="TemplateSeeder.Templates"/> at its first start.</summary>
    public bool Seed { get; set; } = true;
}

/// <summary>One template the service provides out of the box.</summary>
/// <param name="Id">A fixed id, so documentation and scripts can name it on every installation.</param>
/// <param name="Name">The template's name.</param>
/// <param name="TemplateConfig">Its configuration, as a caller would send it.</param>
/// <param name="IsDefault">Whether it is answered as <c>IsDefault: Default</c>.</param>
public sealed record SeedTemplate(string Id, string Name, string TemplateConfig, bool IsDefault);

/// <summary>
/// At start, gives a database that has never held templates a few useful ones (source <c>System</c>, application
/// <c>app-1000000</c>). It happens at most once per database: a <see cref="SeedRecord"/> remembers it, so templates the
/// user deletes are never re-created, and a database that already holds templates gets none.
/// </summary>
public sealed partial class TemplateSeeder(
    IServiceScopeFactory scopes,
    IOptions<TemplateOptions> options,
    TimeProvider clock,
    ILogger<TemplateSeeder> logger) : IHostedService
{
    public const string SeedName = "SnapshotTemplates";

    public static IReadOnlyList<SeedTemplate> Templates { get; } =
    [
        // Like the vendor's automatic cover snapshots: up to 8 keyframes spread over the video.
        new("5eed0000000000000000000000000001", "Cover candidates",
            """{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"FrameType":"intra","Count":8,"Interval":0,"SpecifiedOffsetTime":0,"Width":640}}""",
            IsDefault: true),
        new("5eed0000000000000000000000000002", "Seek preview sprite 10x10",
            """{"SnapshotType":"SpriteSnapshot","SnapshotConfig":{"FrameType":"normal","Count":100,"Interval":0,"SpecifiedOffsetTime":0,"Width":640,"SpriteSnapshotConfig":{"CellWidth":160,"Columns":10,"Lines":10,"Padding":0,"Margin":0,"Color":"black","KeepCellPic":"delete"}}}""",
            IsDefault: false),
        new("5eed0000000000000000000000000003", "Seek preview WebVTT track",
            """{"SnapshotType":"WebVttSnapshot","SnapshotConfig":{"FrameType":"normal","Count":100,"Interval":0,"SpecifiedOffsetTime":0,"Width":640,"SpriteSnapshotConfig":{"CellWidth":160,"Columns":10,"Lines":10,"Padding":0,"Margin":0,"Color":"black","KeepCellPic":"delete"},"Format":"vtt","SubOut":{"IsSptFrag":"true"}}}""",
            IsDefault: false),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Seed)
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
        var seeded = !await db.VodTemplates.AnyAsync(cancellationToken);
        if (seeded)
        {
            db.VodTemplates.AddRange(Templates.Select(t => new VodTemplate
            {
                Id = t.Id,
                Name = t.Name,
                TemplateType = VodTemplates.SnapshotTemplateType,
                TemplateConfig = t.TemplateConfig,
                AppId = VodTemplates.DefaultAppId,
                IsDefault = t.IsDefault,
                Source = VodTemplates.SystemSource,
                CreationTime = now,
                ModifyTime = now,
            }));
        }

        // Recorded even when nothing was added: the user's own templates came first, and emptying the table later
        // must not bring the seeds back.
        // Another node starting on the same new database may have seeded it first: then this one logs nothing.
        if (await SeedOnce.SaveAsync(db, scopes, SeedName, now, cancellationToken) && seeded)
        {
            LogSeeded(logger, Templates.Count);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Added {Count} snapshot templates to a new database")]
    private static partial void LogSeeded(ILogger logger, int count);
}
