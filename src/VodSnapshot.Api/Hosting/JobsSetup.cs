using System.ComponentModel.DataAnnotations;
using Hangfire;
using Hangfire.Dashboard;
using VodSnapshot.Api.Features.Callbacks;
using VodSnapshot.Api.Features.Snapshots;
using VodSnapshot.Api.Storage;

namespace VodSnapshot.Api.Hosting;

/// <summary>Section <c>Jobs</c>: how much media work runs at once.</summary>
public sealed class JobsOptions
{
    public const string SectionName = "Jobs";

    /// <summary>Media jobs running at once; the rest queue. Default: the number of cores.</summary>
    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = Environment.ProcessorCount;

    /// <summary>Callback deliveries running at once, on their own workers so a slow receiver never blocks media work.</summary>
    [Range(1, 256)]
    public int CallbackConcurrency { get; set; } = 4;
}

public static class JobsSetup
{
    /// <summary>Hangfire (in memory) as the executor of snapshot jobs and callback deliveries; SQLite stays the source of truth.</summary>
    public static WebApplicationBuilder AddSnapshotJobs(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SnapshotOptions>().BindConfiguration(SnapshotOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CallbackOptions>().BindConfiguration(CallbackOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var jobs = builder.Configuration.GetSection(JobsOptions.SectionName).Get<JobsOptions>() ?? new JobsOptions();

        services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseInMemoryStorage());
        services.AddHangfireServer(options =>
        {
            options.ServerName = "media";
            options.Queues = [SnapshotJobRunner.Queue];
            options.WorkerCount = jobs.MaxConcurrency;
        });
        services.AddHangfireServer(options =>
        {
            options.ServerName = "callbacks";
            options.Queues = [CallbackJob.Queue];
            options.WorkerCount = jobs.CallbackConcurrency;
        });

        services.AddHostedService<JobRecovery>();
        services.AddSingleton<SnapshotStore>();
        services.AddScoped<SnapshotJobRunner>();
        services.AddScoped<CallbackJob>();
        services.AddSingleton<CallbackScheduler>();
        services.AddHttpClient(CallbackJob.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        return builder;
    }

    /// <summary>The Hangfire dashboard at <c>/hangfire</c>, read-only.</summary>
    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            IsReadOnlyFunc = _ => true,
            // The service is a local development tool by default; the dashboard is as open as the RPC surface.
            Authorization = [new OpenDashboard()],
            DisplayStorageConnectionString = false,
        });
        return app;
    }

    private sealed class OpenDashboard : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => true;
    }
}
