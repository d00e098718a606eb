using System.Diagnostics;

namespace VodSnapshot.Api.Telemetry;

/// <summary>The service's trace source: RPC call → snapshot job → extraction → callback, with RequestId and JobId.</summary>
public static class VodTracing
{
    public const string SourceName = "VodSnapshot";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// Starts a span whose parent is the stored W3C traceparent of the work (the RPC call that asked for it), so a
    /// job run later, or after a restart, still joins its request's trace; a new trace when none was stored.
    /// </summary>
    public static Activity? StartFrom(string name, string? traceParent, ActivityKind kind = ActivityKind.Internal) =>
        ActivityContext.TryParse(traceParent, null, out var parent)
            ? Source.StartActivity(name, kind, parent)
            : Source.StartActivity(name, kind);

    /// <summary>The current span's W3C traceparent, to store with work that runs later; null outside a trace.</summary>
    public static string? CurrentTraceParent() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;
}
