using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace VodSnapshot.Api.Telemetry;

public static class TelemetrySetup
{
    /// <summary>The standard OpenTelemetry setting that turns the OTLP export (metrics, traces and logs) on.</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// OpenTelemetry: the <c>VodSnapshot</c> meter with ASP.NET Core's, HttpClient's and the runtime's, read by Prometheus
    /// at <c>/metrics</c>; and, when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (with the other standard <c>OTEL_*</c>
    /// settings), the same metrics, the traces (RPC call → job → extraction → callback) and the logs sent by OTLP.
    /// Without an OTLP endpoint no trace is recorded, so an idle exporter costs nothing on the hot path.
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<VodMetrics>();
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(VodMetrics.MeterName))
            .WithMetrics(metrics => metrics
                .AddMeter(VodMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        if (otlp)
        {
            telemetry
                .WithTracing(tracing => tracing
                    .AddSource(VodTracing.SourceName)
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/metrics", StringComparison.Ordinal))
                    .AddHttpClientInstrumentation())
                .UseOtlpExporter();
        }

        return builder;
    }

    /// <summary><c>GET /metrics</c>: every instrument in Prometheus' text format.</summary>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics").WithTags("Service").WithSummary("Metrics in Prometheus' text format.");
        return app;
    }
}
