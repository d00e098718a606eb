using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VodSnapshot.Tests.TestSupport;

/// <summary>One request the receiver got.</summary>
public sealed record ReceivedCallback(string Path, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

/// <summary>
/// A real HTTP server on loopback that records every callback POSTed to it and answers with a configurable status
/// sequence (e.g. 500, 500, 200), so delivery is tested over real sockets.
/// </summary>
public sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ReceivedCallback> _received = Channel.CreateUnbounded<ReceivedCallback>();
    private readonly ConcurrentQueue<int> _statuses = new();

    private CallbackReceiver(WebApplication app) => _app = app;

    public List<ReceivedCallback> All { get; } = [];

    /// <summary>Base URL, e.g. http://127.0.0.1:43123.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    public string Url(string path = "/callback") => BaseUrl + path;

    /// <summary>Statuses answered to the next requests, in order; after them, 200.</summary>
    public void RespondWith(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _statuses.Enqueue(status);
        }
    }

    public static async Task<CallbackReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new CallbackReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        receiver.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var received = new ReceivedCallback(context.Request.Path + context.Request.QueryString, headers, body, DateTimeOffset.UtcNow);
        lock (All)
        {
            All.Add(received);
        }

        await _received.Writer.WriteAsync(received, context.RequestAborted);
        context.Response.StatusCode = _statuses.TryDequeue(out var status) ? status : 200;
    }

    /// <summary>Waits for the next callback, failing the test after <paramref name="timeout"/>.</summary>
    public async Task<ReceivedCallback> NextAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            return await _received.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"No callback arrived within {timeout}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
