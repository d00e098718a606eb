using VodSnapshot.Api.Hosting;
using VodSnapshot.Api.Storage;

namespace VodSnapshot.Tests.Storage;

/// <summary>Which combinations of database, job queues and node count start, and the reasons the others are refused.</summary>
[Trait("Category", "Unit")]
public sealed class DeploymentRulesTests
{
    private const string Connection = "Host=db;Username=vod";

    private static IReadOnlyList<string> Check(DatabaseProvider provider, JobQueueStorage queues, int nodes = 1, string? connection = Connection, string? publicBaseUrl = null) =>
        DeploymentRules.Violations(
            new StorageOptions { Provider = provider, PublicBaseUrl = publicBaseUrl },
            new JobsOptions { Storage = queues },
            new ClusterOptions { Nodes = nodes },
            connection);

    [Fact]
    public void The_embedded_default_and_PostgreSQL_setups_start()
    {
        Assert.Empty(Check(DatabaseProvider.Sqlite, JobQueueStorage.InMemory, connection: null));
        Assert.Empty(Check(DatabaseProvider.PostgreSql, JobQueueStorage.InMemory));
        Assert.Empty(Check(DatabaseProvider.PostgreSql, JobQueueStorage.PostgreSql));
        Assert.Empty(Check(DatabaseProvider.PostgreSql, JobQueueStorage.PostgreSql, nodes: 2, publicBaseUrl: "http://vod.example"));
    }

    [Fact]
    public void PostgreSQL_queues_over_a_SQLite_database_are_refused()
    {
        var reason = Assert.Single(Check(DatabaseProvider.Sqlite, JobQueueStorage.PostgreSql));
        Assert.Contains("Jobs:Storage=PostgreSql needs Storage:Provider=PostgreSql", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_nodes_need_PostgreSQL_for_rows_and_queues_and_a_public_base_url()
    {
        var reasons = Check(DatabaseProvider.Sqlite, JobQueueStorage.InMemory, nodes: 2);

        Assert.Equal(3, reasons.Count);
        Assert.Contains(reasons, r => r.Contains("SQLite file is one node's database", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("in-memory queues are one node's", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("Storage:PublicBaseUrl", StringComparison.Ordinal));
        Assert.Single(Check(DatabaseProvider.PostgreSql, JobQueueStorage.PostgreSql, nodes: 2));
    }

    [Fact]
    public void PostgreSQL_without_a_connection_string_is_refused()
    {
        Assert.Contains("ConnectionStrings:Vod is required", Assert.Single(Check(DatabaseProvider.PostgreSql, JobQueueStorage.InMemory, connection: " ")), StringComparison.Ordinal);
    }
}
