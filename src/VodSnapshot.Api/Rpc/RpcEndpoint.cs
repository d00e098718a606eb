using Microsoft.Extensions.Primitives;

namespace VodSnapshot.Api.Rpc;

/// <summary>
/// The RPC surface: <c>GET /</c> with a query string and <c>POST /</c> with a form body (both merged), answered in the
/// vendor's envelopes. Every failure, expected or not, leaves as an envelope with a RequestId — never a bare 500 page.
/// </summary>
public static partial class RpcEndpoint
{
    public const string ApiVersion = "2017-03-21";

    public static IEndpointRouteBuilder MapRpc(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/", ["GET", "POST"], HandleAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, RpcDispatcher dispatcher, IEnumerable<IRpcRequestFilter> filters, ILogger<RpcRequest> logger)
    {
        var requestId = Guid.NewGuid().ToString("D").ToUpperInvariant();
        var host = http.Request.Host.HasValue ? http.Request.Host.Value! : "localhost";
        http.Response.Headers["x-acs-request-id"] = requestId;
        var format = RpcFormat.Xml;
        var ct = http.RequestAborted;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = requestId });
        try
        {
            var baseUri = BaseUri(http.Request);
            var request = new RpcRequest(http.Request.Method, await ReadParametersAsync(http.Request, ct), requestId, host, baseUri ?? new Uri("http://localhost/"))
            {
                Headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            };
            format = ReadFormat(request);
            request.Format = format;
            if (baseUri is null)
            {
                // Refused once the asked format is known, so the caller reads the answer in its own format.
                throw RpcErrors.InvalidParameter("Host", "The Host header must be a host name of at most 253 characters with an optional port.");
            }

            var action = dispatcher.Resolve(request.Action, http.RequestServices) ?? throw RpcErrors.ActionNotFound();
            var version = request.Get("Version") ?? throw RpcErrors.MissingParameter("Version");
            if (!string.Equals(version, ApiVersion, StringComparison.Ordinal))
            {
                throw RpcErrors.InvalidVersion();
            }

            foreach (var filter in filters)
            {
                await filter.CheckAsync(request, ct);
            }

            var body = await action.ExecuteAsync(request, ct);
            return RpcResponseWriter.Success(request, body);
        }
        catch (RpcException error)
        {
            LogRefused(logger, error.Code, error.Message);
            return RpcResponseWriter.Error(format, requestId, host, error);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The caller went away; nothing can be written to it.
            return Results.Empty;
        }
        catch (Exception exception)
        {
            LogFailed(logger, exception);
            return RpcResponseWriter.Error(format, requestId, host, RpcErrors.InternalError());
        }
    }

    private static async Task<List<KeyValuePair<string, string>>> ReadParametersAsync(HttpRequest request, CancellationToken ct)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        Add(pairs, request.Query);
        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType)
        {
            Add(pairs, await request.ReadFormAsync(ct));
        }

        return pairs;
    }

    private static void Add(List<KeyValuePair<string, string>> pairs, IEnumerable<KeyValuePair<string, StringValues>> source)
    {
        foreach (var (name, values) in source)
        {
            foreach (var value in values)
            {
                pairs.Add(new(name, value ?? string.Empty));
            }
        }
    }

    private static RpcFormat ReadFormat(RpcRequest request) => request.Get("Format") switch
    {
        null => RpcFormat.Xml,
        var f when f.Equals("JSON", StringComparison.OrdinalIgnoreCase) => RpcFormat.Json,
        var f when f.Equals("XML", StringComparison.OrdinalIgnoreCase) => RpcFormat.Xml,
        _ => throw RpcErrors.InvalidParameter("Format", "It must be JSON or XML."),
    };

    /// <summary>The request's base URL, or null when its Host cannot form one (too long, not a host name).</summary>
    private static Uri? BaseUri(HttpRequest request) =>
        Uri.TryCreate($"{request.Scheme}://{(request.Host.HasValue ? request.Host.Value : "localhost")}{request.PathBase}/", UriKind.Absolute, out var uri) ? uri : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "RPC call refused: {Code} {Message}")]
    private static partial void LogRefused(ILogger logger, string code, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "RPC call failed unexpectedly")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
