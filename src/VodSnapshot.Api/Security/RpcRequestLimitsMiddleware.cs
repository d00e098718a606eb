using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Security;

/// <summary>
/// Bounds a call to the RPC surface before any of it is parsed for an action: query string length, body size and the
/// number of parameters. The body is read here, at most one byte past the bound, into memory; the endpoint then reads
/// the same bytes (and the form parsed here) instead of the network, so a hostile client can never make the service
/// buffer or parse more than the bound; the bytes are kept for signature V3's body hash. Refusals are the vendor's
/// envelope, in the format the call asked for (see <see cref="RpcFormats"/>).
/// </summary>
public sealed partial class RpcRequestLimitsMiddleware(RequestDelegate next, IOptions<SecurityOptions> options, ILogger<RpcRequestLimitsMiddleware> logger)
{
    private readonly SecurityOptions _limits = options.Value;

    public async Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        var ct = http.RequestAborted;

        var queryLength = request.QueryString.Value?.Length ?? 0;
        if (queryLength > _limits.MaxQueryStringLength)
        {
            await RefuseAsync(http, null, RpcErrors.RequestUriTooLong(Invariant($"The query string is longer than {_limits.MaxQueryStringLength} characters.")));
            return;
        }

        if (UrlEncodedText.FirstNonUtf8Pair(System.Text.Encoding.UTF8.GetBytes(request.QueryString.Value ?? string.Empty)) is { } badQuery)
        {
            await RefuseAsync(http, null, NotUtf8(badQuery));
            return;
        }

        var count = request.Query.Sum(q => Math.Max(1, q.Value.Count));
        byte[]? body = null;
        RpcRequestBody.Set(http, ReadOnlyMemory<byte>.Empty);
        if (HasBody(http))
        {
            body = await ReadBoundedAsync(request.Body, _limits.MaxBodyBytes + 1, ct);
            if (body.Length > _limits.MaxBodyBytes)
            {
                await RefuseAsync(http, body, RpcErrors.RequestTooLarge(Invariant($"The request body is larger than {_limits.MaxBodyBytes} bytes.")));
                return;
            }

            request.Body = new MemoryStream(body, writable: false);
            RpcRequestBody.Set(http, body);
            if (HttpMethods.IsPost(request.Method) && request.HasFormContentType)
            {
                if (FormProblem(request, body) is { } problem)
                {
                    await RefuseAsync(http, body, problem);
                    return;
                }

                try
                {
                    count += await CountFormValuesAsync(http, ct);
                }
                catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException or NotSupportedException or InvalidOperationException)
                {
                    await RefuseAsync(http, body, RpcErrors.InvalidParameter("Body", "It must be a well-formed form."));
                    return;
                }
            }
        }

        if (count > _limits.MaxParameters)
        {
            await RefuseAsync(http, body, RpcErrors.RequestTooLarge(Invariant($"The request carries more than {_limits.MaxParameters} parameters.")));
            return;
        }

        await next(http);
    }

    /// <summary>
    /// A form the service cannot read faithfully: a charset other than UTF-8 (the vendor's SDKs send UTF-8, and
    /// .NET refuses some, UTF-7 among them), or url-encoded values that are not UTF-8 once decoded.
    /// </summary>
    private static RpcException? FormProblem(HttpRequest request, byte[] body)
    {
        var charset = Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            ? Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(type.Charset).Value
            : null;
        if (!string.IsNullOrEmpty(charset) && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("us-ascii", StringComparison.OrdinalIgnoreCase))
        {
            return RpcErrors.InvalidParameter("Content-Type", "A form body must be UTF-8 (charset=utf-8 or no charset).");
        }

        return request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true
            && UrlEncodedText.FirstNonUtf8Pair(body) is { } name
                ? NotUtf8(name)
                : null;
    }

    private static RpcException NotUtf8(string name) =>
        RpcErrors.InvalidParameter(name, "It must be UTF-8 text; its percent-encoded bytes are not (an unpaired surrogate such as %ED%A0%80, or an invalid sequence).");

    private static bool HasBody(HttpContext http) =>
        http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody
        ?? (http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0);

    private async Task<int> CountFormValuesAsync(HttpContext http, CancellationToken ct)
    {
        // The body is already bounded in memory, so the form reader's own count and length limits would only refuse
        // with exceptions the endpoint cannot tell apart; the count is checked here instead. The parsed form stays on
        // the request, and the endpoint's ReadFormAsync returns it.
        var limit = _limits.MaxBodyBytes;
        http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions
        {
            ValueCountLimit = int.MaxValue,
            KeyLengthLimit = limit,
            ValueLengthLimit = limit,
            MultipartBodyLengthLimit = limit,
            MultipartHeadersLengthLimit = limit,
        }));
        var form = await http.Request.ReadFormAsync(ct);
        return form.Sum(f => Math.Max(1, f.Value.Count)) + form.Files.Count;
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream body, int limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while (buffer.Length < limit && (read = await body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit - buffer.Length)), ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private async Task RefuseAsync(HttpContext http, byte[]? bodyPrefix, RpcException error)
    {
        var call = RpcCall.Of(http);
        LogRefused(logger, call.RequestId, error.Code, error.Message);
        // The rest of an oversized body is never read; closing the connection keeps the server from draining it.
        http.Response.Headers.Connection = "close";
        await RpcResponseWriter.Error(RequestedFormat(http.Request, bodyPrefix, _limits.MaxBodyBytes), call.RequestId, call.Host, error).ExecuteAsync(http);
    }

    /// <summary>
    /// The format the caller asked for: the query string's <c>Format</c>, else one found among the complete pairs of
    /// the body read so far (SDKs that POST put it there), else the default of the call's signing.
    /// </summary>
    private static RpcFormat RequestedFormat(HttpRequest request, byte[]? bodyPrefix, int maxBodyBytes)
    {
        var format = request.Query["Format"].FirstOrDefault();
        var fromBody = bodyPrefix is not null && request.HasFormContentType
            && request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true
            ? PairsInUrlEncoded(bodyPrefix, complete: bodyPrefix.Length <= maxBodyBytes)
            : [];
        format ??= fromBody.FirstOrDefault(p => p.Name == "Format").Value;
        string? Parameter(string name) => request.Query[name].FirstOrDefault() ?? fromBody.FirstOrDefault(p => p.Name == name).Value;
        var signing = RpcFormats.SigningOf(request.Headers.Authorization.FirstOrDefault(), Parameter);
        return RpcFormats.Parse(format, signing) ?? RpcFormats.Default(signing);
    }

    private static List<(string Name, string Value)> PairsInUrlEncoded(byte[] body, bool complete)
    {
        var pairs = System.Text.Encoding.UTF8.GetString(body).Split('&');
        // A body cut at the bound may end in half a pair; only pairs followed by '&' are certainly whole then.
        return [.. (complete ? pairs : pairs.SkipLast(1))
            .Select(pair => (Pair: pair, Separator: pair.IndexOf('=', StringComparison.Ordinal)))
            .Where(p => p.Separator > 0)
            .Select(p => (Decode(p.Pair[..p.Separator]), Decode(p.Pair[(p.Separator + 1)..])))];
    }

    private static string Decode(string component) => Uri.UnescapeDataString(component.Replace('+', ' '));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "RPC call {RequestId} refused before parsing: {Code} {Message}")]
    private static partial void LogRefused(ILogger logger, string requestId, string code, string message);
}
