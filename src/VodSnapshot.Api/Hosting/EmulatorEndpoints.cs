using VodSnapshot.Api.Features.Callbacks;
using VodSnapshot.Api.Features.Snapshots;

namespace VodSnapshot.Api.Hosting;

/// <summary>
/// The emulator's own routes under <c>/_emulator</c>, apart from the vendor's RPC surface: job states and the callback
/// delivery log. Open like the dashboard, since the service is a local development tool by default.
/// </summary>
public static class EmulatorEndpoints
{
    public static IEndpointRouteBuilder MapEmulator(this IEndpointRouteBuilder app)
    {
        var emulator = app.MapGroup("/_emulator").WithTags("Emulator");
        emulator.MapJobList();
        emulator.MapJobView();
        emulator.MapJobImages();
        emulator.MapCallbackLog();
        return app;
    }
}
