using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace VodSnapshot.Api.Security;

/// <summary>The outcome of recording a nonce.</summary>
public enum NonceUse
{
    Accepted,
    Replayed,
    Full,
}

/// <summary>
/// Signature nonces seen recently, per AccessKeyId, in bounded memory. Each entry is a 128-bit digest (so a caller's
/// nonce length does not decide how much memory it takes) with the time after which its request could no longer be
/// accepted anyway. Expired entries are swept at most once a minute, and when the table is full only once something in
/// it has expired: a full table must not turn every refused call into a scan of all entries.
/// </summary>
public sealed class NonceRegistry(TimeProvider clock, IOptions<SecurityOptions> options) : INonceStore
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly Dictionary<UInt128, DateTimeOffset> _seen = [];
    private readonly Lock _lock = new();
    private readonly int _capacity = options.Value.MaxTrackedNonces;
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;
    private DateTimeOffset _earliestExpiry = DateTimeOffset.MaxValue;

    /// <summary>How many nonces are remembered now (expired ones may still count until the next sweep).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _seen.Count;
            }
        }
    }

    /// <summary>Records <paramref name="nonce"/> of <paramref name="accessKeyId"/> until <paramref name="expiresAt"/>.</summary>
    public NonceUse TryUse(string accessKeyId, string nonce, DateTimeOffset expiresAt)
    {
        var key = Digest(accessKeyId, nonce);
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (now >= _nextSweep || (_seen.Count >= _capacity && now >= _earliestExpiry))
            {
                Sweep(now);
            }

            if (_seen.TryGetValue(key, out var until) && until > now)
            {
                return NonceUse.Replayed;
            }

            if (_seen.Count >= _capacity)
            {
                return NonceUse.Full;
            }

            _seen[key] = expiresAt;
            if (expiresAt < _earliestExpiry)
            {
                _earliestExpiry = expiresAt;
            }

            return NonceUse.Accepted;
        }
    }

    public ValueTask<NonceUse> TryUseAsync(string accessKeyId, string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        ValueTask.FromResult(TryUse(accessKeyId, nonce, expiresAt));

    private void Sweep(DateTimeOffset now)
    {
        var earliest = DateTimeOffset.MaxValue;
        foreach (var (key, until) in _seen)
        {
            if (until <= now)
            {
                _seen.Remove(key);
            }
            else if (until < earliest)
            {
                earliest = until;
            }
        }

        _earliestExpiry = earliest;
        _nextSweep = now + SweepInterval;
    }

    internal static UInt128 Digest(string accessKeyId, string nonce)
    {
        // The length prefix keeps ("ab","c") and ("a","bc") apart.
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{accessKeyId.Length}:{accessKeyId}{nonce}")), hash);
        return BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }
}
