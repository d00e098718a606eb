using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace VodSnapshot.Tests.TestSupport;

/// <summary>One request the receiver got.</summary>
public sealed record ReceivedCallback(string Path, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

/// <summary>
/// A <see cref="LoopbackServer"/> that records every callback POSTed to it and answers with a configurable status
/// sequence (e.g. 500, 500, 200), so delivery is tested over real sockets. Redirects point at <c>/redirected</c>;
/// <see cref="Hang"/> holds a request without answering.
/// </summary>
public sealed class CallbackReceiver : IAsyncDisposable
{
    /// <summary>A "status" that answers nothing: the request is held until the caller gives up or the receiver stops.</summary>
    public const int Hang = 0;

    private readonly Channel<ReceivedCallback> _received = Channel.CreateUnbounded<ReceivedCallback>();
    private readonly ConcurrentQueue<int> _statuses = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _pathStatuses = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    private LoopbackServer _server = null!;
    private int _inFlight;
    private int _maxInFlight;

    public List<ReceivedCallback> All { get; } = [];

    /// <summary>The most requests this receiver held open at the same time.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>Base URL, e.g. http://127.0.0.1:43123.</summary>
    public string BaseUrl => _server.BaseUrl;

    public string Url(string path = "/callback") => _server.Url(path);

    /// <summary>Statuses answered to the next requests, in order; after them, 200.</summary>
    public void RespondWith(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _statuses.Enqueue(status);
        }
    }

    /// <summary>Statuses answered to the next requests on <paramref name="path"/>, before the general sequence applies.</summary>
    public void RespondOn(string path, params int[] statuses)
    {
        var queue = _pathStatuses.GetOrAdd(path, _ => new ConcurrentQueue<int>());
        foreach (var status in statuses)
        {
            queue.Enqueue(status);
        }
    }

    /// <summary>Requests received so far whose body mentions <paramref name="text"/> (a JobId, say).</summary>
    public List<ReceivedCallback> Mentioning(string text)
    {
        lock (All)
        {
            return [.. All.Where(c => c.Body.Contains(text, StringComparison.Ordinal))];
        }
    }

    public static async Task<CallbackReceiver> StartAsync()
    {
        var receiver = new CallbackReceiver();
        receiver._server = await LoopbackServer.StartAsync(app => app.Run(receiver.HandleAsync));
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var open = Interlocked.Increment(ref _inFlight);
        for (var max = _maxInFlight; open > max; max = _maxInFlight)
        {
            Interlocked.CompareExchange(ref _maxInFlight, open, max);
        }

        try
        {
            await AnswerAsync(context);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task AnswerAsync(HttpContext context)
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
        var status = _pathStatuses.TryGetValue(context.Request.Path, out var own) && own.TryDequeue(out var forPath) ? forPath
            : _statuses.TryDequeue(out var next) ? next
            : 200;
        if (status == Hang)
        {
            using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            try
            {
                await Task.Delay(Timeout.Infinite, either.Token);
            }
            catch (OperationCanceledException)
            {
                // The caller gave up or the receiver stops: nothing is answered.
                context.Abort();
            }

            return;
        }

        context.Response.StatusCode = status;
        if (status is >= 300 and < 400)
        {
            context.Response.Headers.Location = Url("/redirected");
        }
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

    /// <summary>Waits for the SnapshotComplete event of job <paramref name="jobId"/>, whenever it arrived, failing the test after <paramref name="timeout"/>.</summary>
    public async Task<JsonElement> EventOfAsync(string jobId, TimeSpan timeout, CancellationToken ct = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        while (true)
        {
            lock (All)
            {
                foreach (var received in All)
                {
                    var json = received.Json;
                    if (json.TryGetProperty("JobId", out var id) && id.GetString() == jobId)
                    {
                        return json;
                    }
                }
            }

            try
            {
                await Task.Delay(20, cts.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"No callback for job {jobId} arrived within {timeout}.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _stopping.Dispose();
    }
}
