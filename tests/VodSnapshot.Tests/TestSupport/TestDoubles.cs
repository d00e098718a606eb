using System.Collections.Concurrent;
using System.Net;
using VodSnapshot.Api.Security;
using VodSnapshot.Media.Probing;

namespace VodSnapshot.Tests.TestSupport;

/// <summary>A prober that runs nothing: it records what it was asked and reports a file without video.</summary>
public sealed class RecordingProber : IMediaProber
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public Task<MediaProbe> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        Calls.Enqueue(path);
        return Task.FromResult(new MediaProbe(false, TimeSpan.Zero, 0, 0, 0, 0, 0, 0, false, TimeSpan.Zero, null, null, "none"));
    }
}

/// <summary>A DNS stand-in: each name answers its queued results in turn (the last one repeats).</summary>
public sealed class FakeHostResolver : IHostAddressResolver
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<IPAddress[]>> _answers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, IPAddress[]> _last = new(StringComparer.OrdinalIgnoreCase);

    public FakeHostResolver Answer(string host, params string[] addresses)
    {
        _answers.GetOrAdd(host, _ => new()).Enqueue([.. addresses.Select(IPAddress.Parse)]);
        return this;
    }

    public ConcurrentQueue<string> Queries { get; } = new();

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        Queries.Enqueue(host);
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            return Task.FromResult<IPAddress[]>([literal]);
        }

        if (_answers.TryGetValue(host, out var queue) && queue.TryDequeue(out var next))
        {
            _last[host] = next;
            return Task.FromResult(next);
        }

        return _last.TryGetValue(host, out var last)
            ? Task.FromResult(last)
            : Task.FromException<IPAddress[]>(new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound));
    }
}
