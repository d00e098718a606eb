using Microsoft.Extensions.Options;
using VodSnapshot.Api.Persistence.PostgreSql;
using VodSnapshot.Api.Storage;

namespace VodSnapshot.Api.Hosting;

public static class ClusterSetup
{
    /// <summary>Section <c>Cluster</c> (node name, node count), and the refusal at start of combinations that cannot be safe.</summary>
    public static WebApplicationBuilder AddCluster(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ClusterOptions>().BindConfiguration(ClusterOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ClusterOptions>, SafeDeployment>();
        return builder;
    }

    private sealed class SafeDeployment(IOptions<StorageOptions> storage, IOptions<JobsOptions> jobs, IConfiguration configuration) : IValidateOptions<ClusterOptions>
    {
        public ValidateOptionsResult Validate(string? name, ClusterOptions options)
        {
            var reasons = DeploymentRules.Violations(storage.Value, jobs.Value, options, configuration.GetConnectionString(PostgreSqlDatabase.ConnectionName));
            return reasons.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(reasons);
        }
    }
}
