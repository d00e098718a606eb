using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace VodSnapshot.Api.Security;

/// <summary>
/// A token bucket per caller: <c>Security:RateLimitPerSecond</c> tokens, refilled continuously, so a caller may burst
/// up to one second's budget and then keeps to the rate. Callers are configured AccessKeyIds (a request only gets here
/// once its key is known and its signature checked) plus one shared anonymous caller, so the table stays small.
/// Time comes from the injected clock, which keeps the limiter testable without sleeping.
/// </summary>
public sealed class UserRateLimiter(TimeProvider clock, IOptions<SecurityOptions> options)
{
    private readonly int _perSecond = options.Value.RateLimitPerSecond;
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly Bucket _anonymous = new();

    public bool Enabled => _perSecond > 0;

    /// <summary>Takes one call from <paramref name="accessKeyId"/>'s budget (null: the anonymous caller).</summary>
    public bool TryAcquire(string? accessKeyId)
    {
        if (!Enabled)
        {
            return true;
        }

        var bucket = accessKeyId is null ? _anonymous : _buckets.GetOrAdd(accessKeyId, static _ => new Bucket());
        return bucket.TryTake(clock.GetTimestamp(), clock.TimestampFrequency, _perSecond);
    }

    private sealed class Bucket
    {
        private readonly Lock _lock = new();
        private double _tokens = double.NaN;
        private long _last;

        public bool TryTake(long now, long frequency, int perSecond)
        {
            lock (_lock)
            {
                if (double.IsNaN(_tokens))
                {
                    _tokens = perSecond;
                }
                else
                {
                    var elapsedSeconds = (double)(now - _last) / frequency;
                    _tokens = Math.Min(perSecond, _tokens + (elapsedSeconds * perSecond));
                }

                _last = now;
                if (_tokens < 1)
                {
                    return false;
                }

                _tokens -= 1;
                return true;
            }
        }
    }
}
