using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;

namespace VodSnapshot.Api.Persistence;

/// <summary>What baselining did to a database of an earlier version: the migration it is now at, and what it added.</summary>
public sealed record Baseline(string MigrationId, IReadOnlyList<string> AddedTables, IReadOnlyList<string> AddedColumns);

/// <summary>
/// Versions before migrations made the schema themselves (EnsureCreated, then the tables and columns added since, at each
/// start), so their databases have the tables and no migrations history. Such a database is brought to the shape of the
/// provider's first migration and recorded as at it, once; the migrations after it then apply as to any other database.
/// Provider-neutral: each provider says which tables exist and adds the columns its earlier versions lacked.
/// The caller keeps other processes out while this runs (SQLite: the state folder's lock; PostgreSQL: an advisory lock).
/// </summary>
public static class SchemaBaseline
{
    /// <summary>
    /// Baselines <paramref name="db"/> when it is a database of an earlier version; answers null for a new database (the
    /// migrations make it whole) and for one that has a migrations history. Every step finds what an interrupted earlier
    /// run already did, and the history row comes last, so a start that dies halfway is completed by the next one.
    /// </summary>
    /// <param name="existingTables">The tables the database has, by the provider's catalog.</param>
    /// <param name="addMissingColumns">The provider's additions of the columns earlier versions lacked; answers them as Table.Column.</param>
    public static async Task<Baseline?> ApplyAsync(
        VodDbContext db,
        Func<CancellationToken, Task<IReadOnlySet<string>>> existingTables,
        Func<CancellationToken, Task<IReadOnlyList<string>>> addMissingColumns,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(existingTables);
        ArgumentNullException.ThrowIfNull(addMissingColumns);
        var tables = await existingTables(ct);
        // An empty history is a first migration that did not commit: its tables, if any, are an earlier version's.
        if (tables.Contains(HistoryRepository.DefaultTableName) && (await db.Database.GetAppliedMigrationsAsync(ct)).Any())
        {
            return null;
        }

        var (migrationId, initial) = InitialMigration(db);
        var created = initial.UpOperations.OfType<CreateTableOperation>().Select(t => t.Name).ToList();
        if (!created.Any(tables.Contains))
        {
            return null;
        }

        var history = db.GetService<IHistoryRepository>();
        await history.CreateIfNotExistsAsync(ct);
        var addedColumns = await addMissingColumns(ct);

        // The tables earlier versions lacked, with their indexes, as the first migration makes them; then the history row,
        // in one transaction.
        var missing = created.Where(t => !tables.Contains(t)).ToHashSet(StringComparer.Ordinal);
        var operations = initial.UpOperations
            .Where(op => op switch
            {
                CreateTableOperation table => missing.Contains(table.Name),
                CreateIndexOperation index => missing.Contains(index.Table),
                _ => false,
            })
            .Append(new SqlOperation { Sql = history.GetInsertScript(new HistoryRow(migrationId, ProductInfo.GetVersion())) })
            .ToList();
        var commands = db.GetService<IMigrationsSqlGenerator>().Generate(operations, TargetModel(db, initial));
        await db.GetService<IMigrationCommandExecutor>().ExecuteNonQueryAsync(commands, db.GetService<IRelationalConnection>(), ct);
        return new Baseline(migrationId, [.. missing.Order(StringComparer.Ordinal)], addedColumns);
    }

    /// <summary>The provider's first migration: the schema as the last version before migrations left it.</summary>
    private static (string Id, Migration Migration) InitialMigration(VodDbContext db)
    {
        var assembly = db.GetService<IMigrationsAssembly>();
        var (id, type) = assembly.Migrations.FirstOrDefault();
        if (id is null)
        {
            throw new InvalidOperationException($"{db.GetType().Name} has no migrations.");
        }

        return (id, assembly.CreateMigration(type, db.Database.ProviderName!));
    }

    /// <summary>The migration's model, made ready for the SQL generator as the migrator makes it.</summary>
    private static IModel TargetModel(VodDbContext db, Migration migration) =>
        db.GetService<IModelRuntimeInitializer>().Initialize(migration.TargetModel);
}
