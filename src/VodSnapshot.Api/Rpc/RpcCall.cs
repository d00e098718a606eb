namespace VodSnapshot.Api.Rpc;

/// <summary>
/// What every answer on the vendor's surfaces (RPC, request bounds, uploads) says about its call, worked out once per
/// HTTP request: the RequestId (an upper-case GUID, also sent as <c>x-acs-request-id</c>), the host the caller
/// addressed (echoed as <c>HostId</c> in errors) and the base the request came in on.
/// </summary>
public sealed class RpcCall
{
    private readonly string _scheme;
    private readonly string _pathBase;

    private RpcCall(string requestId, string host, string scheme, string pathBase)
    {
        RequestId = requestId;
        Host = host;
        _scheme = scheme;
        _pathBase = pathBase;
    }

    public string RequestId { get; }

    public string Host { get; }

    /// <summary>
    /// Scheme, host and path base: the default public base of image URLs; null when the Host header cannot form a URL
    /// (too long, not a host name), which the RPC surface refuses once it knows the format to answer in.
    /// </summary>
    public Uri? BaseUri => Uri.TryCreate($"{_scheme}://{Host}{_pathBase}/", UriKind.Absolute, out var uri) ? uri : null;

    /// <summary>The call of <paramref name="http"/>: made on first use, the same object for every later one.</summary>
    public static RpcCall Of(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Features.Get<RpcCall>() is { } known)
        {
            return known;
        }

        var host = http.Request.Host.HasValue ? http.Request.Host.Value! : "localhost";
        var call = new RpcCall(Guid.NewGuid().ToString("D").ToUpperInvariant(), host, http.Request.Scheme, http.Request.PathBase.Value ?? string.Empty);
        http.Features.Set(call);
        http.Response.Headers["x-acs-request-id"] = call.RequestId;
        return call;
    }
}
