using Microsoft.AspNetCore.Http.Features;
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
        var call = RpcCall.Of(http);
        var format = RpcFormat.Xml;
        var ct = http.RequestAborted;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = call.RequestId });
        try
        {
            var query = Pairs(http.Request.Query);
            var form = HttpMethods.IsPost(http.Request.Method) && http.Request.HasFormContentType ? Pairs(await http.Request.ReadFormAsync(ct)) : [];
            var baseUri = call.BaseUri;
            var request = new RpcRequest(http.Request.Method, [.. query, .. form], call.RequestId, call.Host, baseUri ?? new Uri("http://localhost/"))
            {
                Headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                Wire = new RpcWire(RawPath(http), query,
                    http.Request.Headers.ToDictionary(h => h.Key, h => (IReadOnlyList<string>)[.. h.Value.Select(v => v ?? string.Empty)], StringComparer.OrdinalIgnoreCase),
                    RpcRequestBody.Of(http)),
            };
            // An invalid Format is itself answered in the format the call would get without one.
            format = RpcFormats.Default(request.Signing);
            format = RpcFormats.Parse(request.Get("Format"), request.Signing) ?? throw RpcErrors.InvalidParameter("Format", "It must be JSON or XML.");
            request.Format = format;
            if (baseUri is null)
            {
                // Refused once the asked format is known, so the caller reads the answer in its own format.
                throw RpcErrors.InvalidParameter("Host", "The Host header must be a host name of at most 253 characters with an optional port.");
            }

            request.CheckHeadersAgreeWithParameters();
            var action = dispatcher.Resolve(request.Action, http.RequestServices) ?? throw RpcErrors.ActionNotFound();
            var version = request.Version ?? throw RpcErrors.MissingParameter("Version");
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
            return RpcResponseWriter.Error(format, call.RequestId, call.Host, error);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The caller went away; nothing can be written to it.
            return Results.Empty;
        }
        catch (Exception exception)
        {
            LogFailed(logger, exception);
            return RpcResponseWriter.Error(format, call.RequestId, call.Host, RpcErrors.InternalError());
        }
    }

    private static List<KeyValuePair<string, string>> Pairs(IEnumerable<KeyValuePair<string, StringValues>> source)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in source)
        {
            foreach (var value in values)
            {
                pairs.Add(new(name, value ?? string.Empty));
            }
        }

        return pairs;
    }

    /// <summary>The path exactly as the request line carried it (without the query), which V3 signs.</summary>
    private static string RawPath(HttpContext http)
    {
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target) || target[0] != '/')
        {
            return (http.Request.PathBase + http.Request.Path).ToUriComponent() is { Length: > 0 } path ? path : "/";
        }

        var question = target.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? target : target[..question];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "RPC call refused: {Code} {Message}")]
    private static partial void LogRefused(ILogger logger, string code, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "RPC call failed unexpectedly")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
