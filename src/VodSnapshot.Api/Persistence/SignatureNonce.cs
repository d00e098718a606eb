namespace VodSnapshot.Api.Persistence;

/// <summary>
/// One signature nonce in use, shared by all nodes on PostgreSQL: a request replayed to another node finds it here.
/// <see cref="Key"/> is the nonce's digest with its AccessKeyId (32 hex characters); the expiry is in UTC ticks so the
/// one atomic statement that records it reads the same on every provider.
/// </summary>
public sealed class SignatureNonce
{
    public required string Key { get; init; }

    /// <summary>After this (UTC ticks) the nonce's request could no longer be accepted anyway, and the nonce may be used again.</summary>
    public long ExpiresAtTicks { get; set; }
}
