using Npgsql;

namespace VodSnapshot.Tests.TestSupport;

/// <summary>The databases a test host can run on.</summary>
public enum DatabaseKind
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// One empty PostgreSQL database of its own for one test host, on the cluster scripts/test.sh starts for the run
/// (<c>VOD_TEST_POSTGRES</c>, an administrator's connection string); dropped again with the host.
/// Without that cluster, PostgreSQL tests skip with <see cref="UnavailableReason"/>, except in CI (<c>CI=true</c>), where
/// they must run and fail instead.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public const string Variable = "VOD_TEST_POSTGRES";

    private TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    /// <summary>The connection string of this database (<c>ConnectionStrings:Vod</c>).</summary>
    public string ConnectionString { get; }

    private static string? Admin => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    private static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why PostgreSQL tests cannot run here, or null when they can (or must: in CI).</summary>
    public static string? UnavailableReason => Admin is null && !InCi
        ? $"PostgreSQL tests skipped: no test cluster ({Variable} is unset; scripts/test.sh starts one)."
        : null;

    /// <summary>Skips the calling test when PostgreSQL is unavailable outside CI.</summary>
    public static void SkipIfUnavailable()
    {
        if (UnavailableReason is { } reason)
        {
            Assert.Skip(reason);
        }
    }

    /// <summary>A new empty database.</summary>
    public static TestDatabase Create()
    {
        var admin = Admin ?? throw new InvalidOperationException($"CI requires the PostgreSQL tests to run, and {Variable} is unset: run them through scripts/test.sh.");
        var name = "vodtest_" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(admin))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            create.ExecuteNonQuery();
        }

        return new TestDatabase(name, new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 40 }.ConnectionString);
    }

    /// <summary>The settings that put a service on this database, for its rows and its queues.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings(bool sharedQueues = true) =>
    [
        new("Storage:Provider", "PostgreSql"),
        new("ConnectionStrings:Vod", ConnectionString),
        new("Jobs:Storage", sharedQueues ? "PostgreSql" : "InMemory"),
    ];

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(Admin);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }
}
