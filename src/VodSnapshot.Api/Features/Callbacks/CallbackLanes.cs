using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Hosting;

namespace VodSnapshot.Api.Features.Callbacks;

/// <summary>
/// One lane per destination (scheme, host and port of the callback URL), each with at most
/// <c>Jobs:CallbackConcurrency</c> attempts in flight. Destinations never share a limit, so a receiver that hangs or
/// fails only slows the deliveries addressed to it; an attempt holds its lane's slot only while it is on the wire.
/// </summary>
public sealed class CallbackLanes(IOptions<JobsOptions> options)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _lanes = new(StringComparer.Ordinal);

    /// <summary>The lane a URL belongs to: its scheme, host and port (the host as the connection will name it).</summary>
    public static string Destination(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}".ToLowerInvariant() : url;

    /// <summary>Waits for a slot in <paramref name="url"/>'s lane; disposing the answer frees it.</summary>
    public async Task<IDisposable> EnterAsync(string url, CancellationToken cancellationToken)
    {
        var lane = _lanes.GetOrAdd(Destination(url), _ => new SemaphoreSlim(options.Value.CallbackConcurrency));
        await lane.WaitAsync(cancellationToken);
        return new Slot(lane);
    }

    private sealed class Slot(SemaphoreSlim lane) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                lane.Release();
            }
        }
    }
}
