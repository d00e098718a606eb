namespace VodSnapshot.Api.Rpc;

/// <summary>The wire format of a response: the vendor answers XML unless the caller asks for JSON.</summary>
public enum RpcFormat
{
    Xml,
    Json,
}

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

    public string? Action => Get("Action");

    /// <summary>The HTTP request headers (names case-insensitive); read only by emulator-only switches, never by the vendor's surface.</summary>
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
