using System.ComponentModel.DataAnnotations;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Dashboard;
using Hangfire.InMemory;
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

        // Hangfire keeps its storage and job activator in static state by default. This service owns its own
        // instances instead, so several services in one process (tests, embedding) never run each other's jobs.
        var storage = new InMemoryStorage();
        services.AddSingleton<JobStorage>(storage);
        services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(storage));
        services.AddSingleton<IBackgroundJobClient>(_ => new BackgroundJobClient(storage));
        AddServer(services, storage, "media", SnapshotJobRunner.Queue, jobs.MaxConcurrency);
        AddServer(services, storage, "callbacks", CallbackJob.Queue, jobs.CallbackConcurrency);

        services.AddHostedService<JobRecovery>();
        services.AddSingleton<SnapshotStore>();
        services.AddScoped<SnapshotJobRunner>();
        services.AddScoped<CallbackJob>();
        services.AddSingleton<CallbackScheduler>();
        services.AddHttpClient(CallbackJob.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        return builder;
    }

    private static void AddServer(IServiceCollection services, JobStorage storage, string name, string queue, int workers) =>
        services.AddHangfireServer(
            (sp, options) =>
            {
                options.ServerName = name;
                options.Queues = [queue];
                options.WorkerCount = workers;
                options.Activator = new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>());
            },
            storage);

    /// <summary>The Hangfire dashboard at <c>/hangfire</c>, read-only.</summary>
    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        app.UseHangfireDashboard("/hangfire", storage: app.Services.GetRequiredService<JobStorage>(), options: new DashboardOptions
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
