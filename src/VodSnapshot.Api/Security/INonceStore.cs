namespace VodSnapshot.Api.Security;

/// <summary>Where signature nonces are recorded: this process's memory (one node) or the database (all nodes).</summary>
public interface INonceStore
{
    /// <summary>Records <paramref name="nonce"/> of <paramref name="accessKeyId"/> until <paramref name="expiresAt"/>, unless it is in use.</summary>
    ValueTask<NonceUse> TryUseAsync(string accessKeyId, string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken);
}
