namespace VodSnapshot.Api.Rpc;

/// <summary>
/// Runs before every action (after the common parameters are read): authentication, replay protection, throttling.
/// Throws <see cref="RpcException"/> to refuse the call.
/// </summary>
public interface IRpcRequestFilter
{
    ValueTask CheckAsync(RpcRequest request, CancellationToken cancellationToken);
}
