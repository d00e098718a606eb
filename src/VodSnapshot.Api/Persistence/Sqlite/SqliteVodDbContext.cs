using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace VodSnapshot.Api.Persistence.Sqlite;

/// <summary>The model on SQLite: the shared model with SQLite's conventions; its migrations are in Sqlite/Migrations.</summary>
public sealed class SqliteVodDbContext(DbContextOptions<SqliteVodDbContext> options) : VodDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        SqliteDatabase.ApplyConventions(configurationBuilder);
}

/// <summary>
/// The context <c>dotnet ef migrations add … --context SqliteVodDbContext</c> compares the model with. It reads the model
/// only: the file it names is never opened.
/// </summary>
internal sealed class SqliteDesignTimeContextFactory : IDesignTimeDbContextFactory<SqliteVodDbContext>
{
    public SqliteVodDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteVodDbContext>().UseSqlite("Data Source=vod.db").Options);
}
