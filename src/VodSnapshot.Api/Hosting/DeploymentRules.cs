using VodSnapshot.Api.Storage;

namespace VodSnapshot.Api.Hosting;

/// <summary>
/// The combinations of database, job queues and node count that can be run safely; anything else stops the service
/// at start with the reasons. Pure: the settings in, the reasons out.
/// </summary>
public static class DeploymentRules
{
    public static IReadOnlyList<string> Violations(StorageOptions storage, JobsOptions jobs, ClusterOptions cluster, string? connectionString)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(cluster);
        var reasons = new List<string>();
        var postgres = storage.Provider == DatabaseProvider.PostgreSql;
        if ((postgres || jobs.Storage == JobQueueStorage.PostgreSql) && string.IsNullOrWhiteSpace(connectionString))
        {
            reasons.Add("ConnectionStrings:Vod is required when Storage:Provider or Jobs:Storage is PostgreSql.");
        }

        if (jobs.Storage == JobQueueStorage.PostgreSql && !postgres)
        {
            reasons.Add("Jobs:Storage=PostgreSql needs Storage:Provider=PostgreSql: queues shared by several nodes over a database only one node can open would run jobs no other node can see.");
        }

        if (cluster.Nodes > 1)
        {
            if (!postgres)
            {
                reasons.Add("Cluster:Nodes > 1 needs Storage:Provider=PostgreSql: a SQLite file is one node's database.");
            }

            if (jobs.Storage != JobQueueStorage.PostgreSql)
            {
                reasons.Add("Cluster:Nodes > 1 needs Jobs:Storage=PostgreSql: in-memory queues are one node's and die with it.");
            }

            if (string.IsNullOrWhiteSpace(storage.PublicBaseUrl))
            {
                reasons.Add("Cluster:Nodes > 1 needs Storage:PublicBaseUrl: image URLs handed out by one node must work from every node.");
            }
        }

        return reasons;
    }
}
