using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace VodSnapshot.Api.Persistence.PostgreSql;

/// <summary>The model on PostgreSQL: the shared model with Npgsql's own conventions; its migrations are in PostgreSql/Migrations.</summary>
public sealed class PostgreSqlVodDbContext(DbContextOptions<PostgreSqlVodDbContext> options) : VodDbContext(options);

/// <summary>
/// The context <c>dotnet ef migrations add … --context PostgreSqlVodDbContext</c> compares the model with. It reads the
/// model only: no server is contacted.
/// </summary>
internal sealed class PostgreSqlDesignTimeContextFactory : IDesignTimeDbContextFactory<PostgreSqlVodDbContext>
{
    public PostgreSqlVodDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlVodDbContext>().UseNpgsql("Host=localhost;Database=vod").Options);
}
