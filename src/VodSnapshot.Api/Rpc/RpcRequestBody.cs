namespace VodSnapshot.Api.Rpc;

/// <summary>
/// The raw body of an RPC call, read once and bounded by the request limits in front of the endpoint, so signature V3
/// can hash exactly the bytes that were received.
/// </summary>
public sealed class RpcRequestBody(ReadOnlyMemory<byte> bytes)
{
    public ReadOnlyMemory<byte> Bytes { get; } = bytes;

    public static void Set(HttpContext http, ReadOnlyMemory<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Features.Set(new RpcRequestBody(bytes));
    }

    /// <summary>The body the request bounds read; they run before every RPC call, so a missing one is a wiring error.</summary>
    public static ReadOnlyMemory<byte> Of(HttpContext http) =>
        (http ?? throw new ArgumentNullException(nameof(http))).Features.Get<RpcRequestBody>()?.Bytes
        ?? throw new InvalidOperationException("The RPC request bounds (UseRpcRequestLimits) must run before the RPC endpoint.");
}
