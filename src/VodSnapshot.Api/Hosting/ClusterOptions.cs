using System.ComponentModel.DataAnnotations;

namespace VodSnapshot.Api.Hosting;

/// <summary>Section <c>Cluster</c>: this node's name, and how many nodes serve the same database and state folder.</summary>
public sealed class ClusterOptions
{
    public const string SectionName = "Cluster";

    /// <summary>Names this node in Hangfire's server list and in job leases. Default: the host name.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")]
    public string NodeName { get; set; } = Environment.MachineName;

    /// <summary>How many nodes serve this database and state folder (more than one needs PostgreSQL for both).</summary>
    [Range(1, 64)]
    public int Nodes { get; set; } = 1;
}
