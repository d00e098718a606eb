using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VodSnapshot.Tests.TestSupport;

/// <summary>
/// A real HTTP server on 127.0.0.1 and a free port, for whatever the service connects to: a media source, a callback
/// receiver (<see cref="CallbackReceiver"/>). Counts requests so tests can prove nothing connected.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private LoopbackServer(WebApplication app) => _app = app;

    public int Port { get; private set; }

    /// <summary>Base URL, e.g. http://127.0.0.1:43123.</summary>
    public string BaseUrl => Url(string.Empty);

    public int Requests => Volatile.Read(ref _requests);

    public string Url(string pathAndQuery, string host = "127.0.0.1") => $"http://{host}:{Port}{pathAndQuery}";

    /// <summary>
    /// A media source: <c>/media.mp4</c> answers a few bytes, <c>/host</c> the Host header it got, <c>/redirect?to=URL</c>
    /// a 302 to URL.
    /// </summary>
    public static Task<LoopbackServer> StartAsync() => StartAsync(app =>
    {
        app.MapGet("/media.mp4", () => Results.Bytes("not really a video"u8.ToArray(), "video/mp4"));
        app.MapGet("/host", (HttpContext http) => http.Request.Host.Value);
        app.MapGet("/redirect", (string to) => Results.Redirect(to));
    });

    /// <summary>A server answering with the routes <paramref name="routes"/> maps.</summary>
    public static async Task<LoopbackServer> StartAsync(Action<WebApplication> routes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new LoopbackServer(app);
        app.Use((http, next) =>
        {
            Interlocked.Increment(ref server._requests);
            return next(http);
        });
        routes(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.Port = new Uri(address).Port;
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
