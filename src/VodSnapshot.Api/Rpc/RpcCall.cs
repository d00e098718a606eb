namespace VodSnapshot.Api.Rpc;

/// <summary>
/// What every answer on the vendor's surfaces (RPC, request bounds, uploads) says about its call, worked out once per
/// HTTP request: the RequestId (an upper-case GUID, also sent as <c>x-acs-request-id</c>), the host the caller
/// addressed (echoed as <c>HostId</c> in errors) and the base the request came in on.
/// </summary>
public sealed class RpcCall
{
    private RpcCall(string requestId, string host, Uri baseUri)
    {
        RequestId = requestId;
        Host = host;
        BaseUri = baseUri;
    }

    public string RequestId { get; }

    public string Host { get; }

    /// <summary>Scheme, host and path base: the default public base of image URLs.</summary>
    public Uri BaseUri { get; }

    /// <summary>The call of <paramref name="http"/>: made on first use, the same object for every later one.</summary>
    public static RpcCall Of(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Features.Get<RpcCall>() is { } known)
        {
            return known;
        }

        var host = http.Request.Host.HasValue ? http.Request.Host.Value! : "localhost";
        var call = new RpcCall(Guid.NewGuid().ToString("D").ToUpperInvariant(), host, new Uri($"{http.Request.Scheme}://{host}{http.Request.PathBase}/"));
        http.Features.Set(call);
        http.Response.Headers["x-acs-request-id"] = call.RequestId;
        return call;
    }
}
