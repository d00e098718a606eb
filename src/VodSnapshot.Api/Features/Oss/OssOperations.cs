using System.Globalization;
using System.Xml.Linq;
using VodSnapshot.Api.Features.Uploads;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Features.Oss;

/// <summary>
/// The object operations of the OSS subset (vod-lifecycle §3.4) after the request is authenticated: PutObject,
/// HeadObject and GetObject on the one object a credential may write, and the multipart operations in
/// <see cref="OssMultipart"/>. The object is stored as the video's source file; a completed write drives the upload
/// lifecycle (<see cref="UploadCompletion"/>).
/// </summary>
public sealed class OssOperations(
    OssAuthenticator authenticator,
    OssMultipart multipart,
    UploadCompletion completion,
    OssStorage files,
    TimeProvider clock)
{

    public async Task HandleAsync(HttpContext http, OssTarget target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        var request = http.Request;
        var query = OssAddressing.Query(request);
        var grant = await authenticator.AuthenticateAsync(request, target, query, ct);
        var uploadId = Value(query, "uploadId");
        var method = request.Method;
        if (HttpMethods.IsPut(method) && uploadId is not null)
        {
            await multipart.UploadPartAsync(http, grant, uploadId, Value(query, "partNumber"), ct);
        }
        else if (HttpMethods.IsPut(method))
        {
            await PutAsync(http, grant, ct);
        }
        else if (HttpMethods.IsPost(method) && query.Any(q => q.Key == "uploads"))
        {
            await multipart.InitiateAsync(http, grant, ct);
        }
        else if (HttpMethods.IsPost(method) && uploadId is not null)
        {
            var (path, contentType) = await multipart.CompleteAsync(http, grant, uploadId, ct);
            try
            {
                await CommitAsync(grant, path, contentType, ct);
            }
            finally
            {
                File.Delete(path);
            }

            files.DeleteParts(uploadId);
            await multipart.AnswerCompleteAsync(http, grant);
        }
        else if (HttpMethods.IsDelete(method) && uploadId is not null)
        {
            await multipart.AbortAsync(http, grant, uploadId, ct);
        }
        else if (HttpMethods.IsGet(method) && uploadId is not null)
        {
            await multipart.ListPartsAsync(http, grant, uploadId, ct);
        }
        else if (HttpMethods.IsHead(method) || HttpMethods.IsGet(method))
        {
            await ReadAsync(http, grant);
        }
        else
        {
            throw OssException.NotImplemented();
        }
    }

    private async Task PutAsync(HttpContext http, UploadGrant grant, CancellationToken ct)
    {
        var request = http.Request;
        if (request.Headers.ContainsKey("x-oss-copy-source"))
        {
            throw OssException.NotImplemented();
        }

        OssBody.CheckHeaders(request, files.MaxObjectBytes);
        var temporary = files.TemporaryPath();
        var body = await OssBody.WriteAsync(request, temporary, files.MaxObjectBytes, ct);
        grant.ObjectETag = body.ETag;
        grant.ObjectSize = body.Size;
        grant.ObjectType = "Normal";
        try
        {
            await CommitAsync(grant, temporary, request.ContentType, ct);
        }
        finally
        {
            File.Delete(temporary);
        }

        http.Response.Headers.ETag = body.ETag;
        http.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>Moves a complete object into place as the video's source and runs the completion hook.</summary>
    private async Task CommitAsync(UploadGrant grant, string temporary, string? contentType, CancellationToken ct)
    {
        var target = files.SourcePath(grant);
        File.Move(temporary, target, overwrite: true);
        grant.ObjectContentType = contentType;
        grant.ObjectTime = clock.GetUtcNow();
        await completion.CompleteAsync(grant, target, ct);
    }

    private async Task ReadAsync(HttpContext http, UploadGrant grant)
    {
        var path = files.SourcePath(grant);
        if (grant.ObjectETag is null || !File.Exists(path))
        {
            throw OssException.NoSuchKey(grant.ObjectKey);
        }

        var headers = http.Response.Headers;
        headers["x-oss-object-type"] = grant.ObjectType;
        var contentType = grant.ObjectContentType ?? "application/octet-stream";
        var modified = grant.ObjectTime ?? clock.GetUtcNow();
        await Results.File(path, contentType, lastModified: modified, entityTag: Microsoft.Net.Http.Headers.EntityTagHeaderValue.Parse(grant.ObjectETag),
            enableRangeProcessing: true).ExecuteAsync(http);
    }

    private static string? Value(List<KeyValuePair<string, string>> query, string name) =>
        query.FirstOrDefault(q => q.Key == name) is { Key: not null } found ? found.Value : null;

    /// <summary>The XML of an OSS result document.</summary>
    public static async Task WriteXmlAsync(HttpContext http, XElement root)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/xml";
        await http.Response.WriteAsync(OssXml.Document(root), http.RequestAborted);
    }

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
