using VodSnapshot.Api.Features.Oss;
using VodSnapshot.Api.Hosting;

namespace VodSnapshot.Api.Features.Uploads;

public static class UploadsSetup
{
    /// <summary>Section <c>Uploads</c>, the upload credentials, the OSS operations and the media events of the upload path.</summary>
    public static WebApplicationBuilder AddUploads(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<UploadOptions>().BindConfiguration(UploadOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<UploadTickets>();
        services.AddSingleton<VideoEvents>();
        services.AddSingleton<OssStorage>();
        services.AddScoped<VideoEventJob>();
        services.AddScoped<UploadCompletion>();
        services.AddScoped<UploadAnalysisJob>();
        services.AddScoped<OssAuthenticator>();
        services.AddScoped<OssMultipart>();
        services.AddScoped<OssOperations>();
        services.AddScoped<UrlUploads.UrlPullJob>();
        services.AddHostedService<VideoEventRecovery>();
        var jobs = builder.Configuration.GetSection(JobsOptions.SectionName).Get<JobsOptions>() ?? new JobsOptions();
        JobsSetup.AddServer(services, "events", VideoEventJob.Queue, jobs.CallbackConcurrency);
        return builder;
    }

    /// <summary>The OSS-compatible endpoint: answers OSS requests before the RPC surface sees them.</summary>
    public static WebApplication UseOssEndpoint(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<OssEndpoint>();
        return app;
    }
}
