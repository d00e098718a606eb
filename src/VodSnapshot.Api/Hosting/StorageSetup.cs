using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Storage;
using VodSnapshot.Media;

namespace VodSnapshot.Api.Hosting;

public static class StorageSetup
{
    /// <summary>Options of the state folder and the SQLite context stored in it.</summary>
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddDbContext<VodDbContext>((sp, options) =>
        {
            var storage = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value;
            options.UseSqlite(new SqliteConnectionStringBuilder
            {
                DataSource = storage.DatabasePath,
                Cache = SqliteCacheMode.Shared,
                DefaultTimeout = 30,
            }.ToString());
        });
        return builder;
    }

    /// <summary>The media engine (section <c>Ffmpeg</c>): ffprobe, frame extraction and sprite composition.</summary>
    public static WebApplicationBuilder AddMediaEngine(this WebApplicationBuilder builder)
    {
        builder.Services.AddMediaEngine(builder.Configuration);
        return builder;
    }

    /// <summary>Creates the state folders and the database before the first request is served.</summary>
    public static async Task InitializeStorageAsync(this WebApplication app)
    {
        var storage = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value;
        Directory.CreateDirectory(storage.FullRoot);
        Directory.CreateDirectory(storage.UploadsFolder);
        Directory.CreateDirectory(storage.SnapshotsFolder);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VodDbContext>();
        await db.Database.EnsureCreatedAsync();
        await db.CreateMissingTablesAsync(CancellationToken.None);
        // WAL lets the API read while jobs write, and survives a crash without a torn database.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }
}
