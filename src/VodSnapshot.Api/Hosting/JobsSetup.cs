using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Dashboard;
using Hangfire.InMemory;
using Hangfire.Logging;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Features.Snapshots;
using VodSnapshot.Api.Persistence.PostgreSql;

namespace VodSnapshot.Api.Hosting;

public static class JobsSetup
{
    /// <summary>
    /// Hangfire (in memory, or in PostgreSQL shared by all nodes) as the executor of snapshot jobs (callback deliveries
    /// have their own dispatcher, see CallbacksSetup); the database stays the source of truth, and start-up queues
    /// again what it holds unfinished.
    /// </summary>
    public static WebApplicationBuilder AddJobQueues(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var jobs = builder.Configuration.GetSection(JobsOptions.SectionName).Get<JobsOptions>() ?? new JobsOptions();
        var connectionString = builder.Configuration.GetConnectionString(PostgreSqlDatabase.ConnectionName);

        // Hangfire keeps storage, job activator and log provider in static state by default. This service owns its
        // own storage, client, servers and activator, so several services in one process (tests, embedding) never
        // run each other's jobs; the storage is made after this service's configuration has set the log provider.
        services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HangfireLogProvider(sp.GetRequiredService<ILoggerFactory>())));
        services.AddSingleton<JobStorage>(sp =>
        {
            sp.GetRequiredService<IGlobalConfiguration>();
            return jobs.Storage == JobQueueStorage.PostgreSql ? PostgreSqlQueues(connectionString!, jobs) : new InMemoryStorage();
        });
        services.AddSingleton<IBackgroundJobClient>(sp => new BackgroundJobClient(sp.GetRequiredService<JobStorage>()));
        AddServer(services, "media", SnapshotJobRunner.Queue, jobs.MaxConcurrency);
        services.AddHostedService<QueueRecovery>();
        services.AddHostedService<DeprecatedSettings>();
        return builder;
    }

    /// <summary>
    /// Hangfire's tables in their own schema; a fetched job stays invisible to other nodes while its worker's heartbeat
    /// slides the timeout on (so a long job is never fetched twice, and a dead node's job comes back after the timeout);
    /// notifications (long polling) start a queued job at once instead of at the next poll.
    /// </summary>
    private static PostgreSqlStorage PostgreSqlQueues(string connectionString, JobsOptions jobs)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = jobs.Schema,
            PrepareSchemaIfNecessary = true,
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = jobs.InvisibilityTimeout,
            QueuePollInterval = jobs.PollInterval,
            EnableLongPolling = true,
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    /// <summary>
    /// A Hangfire server of this service's own storage for one queue, named after the node so the dashboard shows the
    /// cluster (features with jobs of their own add theirs).
    /// </summary>
    public static void AddServer(IServiceCollection services, string name, string queue, int workers) =>
        services.AddHangfireServer(
            (sp, options) =>
            {
                options.ServerName = $"{sp.GetRequiredService<IOptions<ClusterOptions>>().Value.NodeName}:{name}";
                options.Queues = [queue];
                options.WorkerCount = workers;
                // Scheduled runs (a job whose final state could not be stored) are due within a second, not fifteen.
                options.SchedulePollingInterval = TimeSpan.FromSeconds(1);
                options.Activator = new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>());
            });

    /// <summary>The Hangfire dashboard at <c>/hangfire</c>, read-only unless <c>Jobs:DashboardReadOnly</c> is false.</summary>
    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        var readOnly = app.Services.GetRequiredService<IOptions<JobsOptions>>().Value.DashboardReadOnly;
        app.UseHangfireDashboard("/hangfire", storage: app.Services.GetRequiredService<JobStorage>(), options: new DashboardOptions
        {
            IsReadOnlyFunc = _ => readOnly,
            // The service is a local development tool by default; the dashboard is as open as the RPC surface.
            Authorization = [new OpenDashboard()],
            DisplayStorageConnectionString = false,
        });
        return app;
    }

    /// <summary>
    /// Hangfire's log provider is process-wide; a service that has been disposed must not break logging (and so
    /// storage creation) for the services still running in the same process.
    /// </summary>
    private sealed class HangfireLogProvider(ILoggerFactory factory) : ILogProvider
    {
        private readonly AspNetCoreLogProvider _inner = new(factory);

        public ILog GetLogger(string name)
        {
            try
            {
                return _inner.GetLogger(name);
            }
            catch (ObjectDisposedException)
            {
                return Silent.Instance;
            }
        }

        private sealed class Silent : ILog
        {
            public static readonly Silent Instance = new();

            public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
        }
    }

    private sealed class OpenDashboard : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => true;
    }
}
