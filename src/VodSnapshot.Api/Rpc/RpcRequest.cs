namespace VodSnapshot.Api.Rpc;

/// <summary>
/// One RPC call: the parameters of the query string and of a form body merged in arrival order, as the vendor does.
/// Names are case-sensitive, as they are for the real service.
/// </summary>
public sealed class RpcRequest
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public RpcRequest(string method, IEnumerable<KeyValuePair<string, string>> parameters, string requestId, string host, Uri baseUri)
    {
        Method = method;
        RequestId = requestId;
        Host = host;
        BaseUri = baseUri;
        Parameters = parameters.ToList();
        foreach (var (name, value) in Parameters)
        {
            // The first occurrence wins: a repeated name cannot silently override what was signed first.
            _values.TryAdd(name, value);
        }
    }

    /// <summary>GET or POST.</summary>
    public string Method { get; }

    /// <summary>Every name/value pair as received (decoded), repeats included: the signature is computed over these.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; }

    /// <summary>Upper-case GUID, carried by every response and log line of this call.</summary>
    public string RequestId { get; }

    /// <summary>The host the caller addressed, echoed as <c>HostId</c> in errors.</summary>
    public string Host { get; }

    /// <summary>The scheme, host and path base the request came in on (the default public base of image URLs).</summary>
    public Uri BaseUri { get; }

    /// <summary>
    /// The action: the <c>Action</c> parameter, else (unless the call is v1-signed, whose signature does not cover
    /// headers) the <c>x-acs-action</c> header that V3 clients send instead.
    /// </summary>
    public string? Action => ParameterOrHeader("Action", "x-acs-action");

    /// <summary>The API version: <c>Version</c>, else (as for <see cref="Action"/>) the <c>x-acs-version</c> header.</summary>
    public string? Version => ParameterOrHeader("Version", "x-acs-version");

    /// <summary>How the call is signed (V3 when it carries an Authorization header, V1 with v1 parameters).</summary>
    public RpcSigning Signing => RpcFormats.SigningOf(Header("Authorization"), Get);

    /// <summary>The request as it came over the wire, for signatures computed over more than the parameters.</summary>
    public RpcWire Wire { get; init; } = RpcWire.Empty;

    /// <summary>
    /// Refuses a call whose parameter and header name different actions or versions: one of the two would go unchecked.
    /// </summary>
    public void CheckHeadersAgreeWithParameters()
    {
        foreach (var (name, header) in new[] { ("Action", "x-acs-action"), ("Version", "x-acs-version") })
        {
            if (Get(name) is { } parameter && Header(header) is { } fromHeader && !string.Equals(parameter, fromHeader, StringComparison.Ordinal))
            {
                throw RpcErrors.InvalidParameter(name, $"It differs from the {header} header.");
            }
        }
    }

    private string? ParameterOrHeader(string name, string header) =>
        Get(name) ?? (Signing == RpcSigning.V1 ? null : Header(header));

    /// <summary>The HTTP request headers (names case-insensitive; a repeated header's values joined with <c>,</c>).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The value of header <paramref name="name"/>, or null when absent or empty.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public RpcFormat Format { get; internal set; } = RpcFormat.Xml;

    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>The value of <paramref name="name"/>, or null when absent. An empty value counts as absent, as for the vendor.</summary>
    public string? Get(string name) => _values.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public string Require(string name) => Get(name) ?? throw RpcErrors.MissingParameter(name);

    /// <summary>An integer parameter in [<paramref name="min"/>, <paramref name="max"/>], or null when absent.</summary>
    public long? GetInt64(string name, long min = long.MinValue, long max = long.MaxValue) => IntegerText.ParseParameter(name, Get(name), min, max);

    public int? GetInt32(string name, int min = int.MinValue, int max = int.MaxValue) => (int?)GetInt64(name, min, max);
}

/// <summary>
/// What signature V3 covers beyond the parameters: the path as received, the query pairs alone (decoded, repeats
/// included), every value of each header, and the raw body.
/// </summary>
public sealed record RpcWire(string Path, IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Headers, ReadOnlyMemory<byte> Body)
{
    public static RpcWire Empty { get; } = new("/", [], new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase), ReadOnlyMemory<byte>.Empty);

    /// <summary>Every value of header <paramref name="name"/>, none when absent.</summary>
    public IReadOnlyList<string> HeaderValues(string name) => Headers.TryGetValue(name, out var values) ? values : [];
}
