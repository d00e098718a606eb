using VodSnapshot.Api.Features.Snapshots.Planning;

namespace VodSnapshot.Api.Features.Snapshots;

public static class SnapshotsSetup
{
    /// <summary>Section <c>Snapshots</c> (bounds of one job) and the runner of snapshot jobs.</summary>
    public static WebApplicationBuilder AddSnapshotJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SnapshotOptions>().BindConfiguration(SnapshotOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<SnapshotJobRunner>();
        builder.Services.AddSingleton<JobLeases>();
        builder.Services.AddSingleton<SnapshotJobIntake>();
        return builder;
    }
}
