using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Features.Uploads;

namespace VodSnapshot.Api.Features.Oss;

/// <summary>
/// The OSS-compatible upload endpoint, on the service's own port (vod-lifecycle §3): answers the requests
/// <see cref="OssAddressing.IsOssRequest"/> recognizes, in OSS's wire shapes and error XML, with
/// <c>x-oss-request-id</c>, <c>Server: AliyunOSS</c> and the CORS headers browser clients need; everything else goes on
/// to the RPC surface and the file routes. Every operation is signed (V1) with credentials CreateUploadVideo handed out.
/// </summary>
public sealed partial class OssEndpoint(RequestDelegate next, IOptions<UploadOptions> options, ILogger<OssEndpoint> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var bucket = options.Value.Bucket;
        if (!OssAddressing.IsOssRequest(http.Request, bucket))
        {
            await next(http);
            return;
        }

        var requestId = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        var response = http.Response;
        response.Headers["x-oss-request-id"] = requestId;
        response.Headers.Server = "AliyunOSS";
        response.Headers.Date = DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture);
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers.AccessControlExposeHeaders = "ETag, x-oss-request-id, x-oss-object-type, x-oss-hash-crc64ecma";
        if (HttpMethods.IsOptions(http.Request.Method))
        {
            response.Headers.AccessControlAllowMethods = "GET, PUT, POST, DELETE, HEAD";
            response.Headers.AccessControlAllowHeaders = http.Request.Headers.AccessControlRequestHeaders.ToString() is { Length: > 0 } asked ? asked : "*";
            response.Headers.AccessControlMaxAge = "600";
            response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        try
        {
            var target = OssAddressing.Resolve(http.Request, bucket);
            if (target.Bucket != bucket)
            {
                throw OssException.NoSuchBucket(target.Bucket);
            }

            await http.RequestServices.GetRequiredService<OssOperations>().HandleAsync(http, target, http.RequestAborted);
        }
        catch (OssException error)
        {
            LogRefused(logger, http.Request.Method, error.Code, error.Message);
            await WriteErrorAsync(http, requestId, error);
        }
        catch (BadHttpRequestException e) when (!response.HasStarted)
        {
            // Kestrel's own refusals (body over the bound, a body shorter than its Content-Length).
            await WriteErrorAsync(http, requestId, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? OssException.EntityTooLarge(http.RequestServices.GetRequiredService<IOptions<Media.MediaOptions>>().Value.MaxFileBytes)
                : OssException.InvalidArgument(e.Message));
        }
    }

    private static async Task WriteErrorAsync(HttpContext http, string requestId, OssException error)
    {
        if (http.Response.HasStarted)
        {
            return;
        }

        var host = http.Request.Host.HasValue ? http.Request.Host.Value! : "localhost";
        var xml = error.ToXml(requestId, host);
        http.Response.StatusCode = (int)error.Status;
        if (HttpMethods.IsHead(http.Request.Method))
        {
            // No body on HEAD: ali-oss reads the error from this header instead.
            http.Response.Headers["x-oss-err"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(xml));
            return;
        }

        http.Response.ContentType = "application/xml";
        await http.Response.WriteAsync(xml, http.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "OSS {Method} refused: {Code} {Message}")]
    private static partial void LogRefused(ILogger logger, string method, string code, string message);
}
