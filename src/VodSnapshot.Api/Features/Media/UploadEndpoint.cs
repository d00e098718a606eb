using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using VodSnapshot.Api.Rpc;
using VodSnapshot.Api.Storage;

namespace VodSnapshot.Api.Features.Media;

/// <summary>
/// <c>POST /uploads</c> (multipart, field <c>file</c>, optional <c>Title</c>): stores a file in the uploads folder and
/// registers it exactly as RegisterMedia does, so a curl or Swagger user brings a video in with one request. Not part
/// of the vendor's RPC surface (the vendor uploads through OSS). Title follows RegisterMedia's rules; every answer is
/// an envelope, and none shows where the file is stored.
/// </summary>
public static partial class UploadEndpoint
{
    /// <summary>A Title field is read up to this many bytes; anything longer is refused without reading more.</summary>
    private const int MaxTitleFieldBytes = 4 * 1024;

    /// <summary>The HRESULT of an IOException raised without an operating-system error (COR_E_IO).</summary>
    private const int PlainIOExceptionResult = unchecked((int)0x80131620);

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static IEndpointRouteBuilder MapUploads(this IEndpointRouteBuilder app)
    {
        app.MapPost("/uploads", UploadAsync)
            .DisableAntiforgery()
            .WithTags("Media")
            .WithSummary("Uploads a video file and registers it; answers its VideoId.")
            .WithDescription("Multipart form with a `file` field and an optional `Title`. The file is probed: a playable video is UploadSucc, anything else UploadFail.");
        return app;
    }

    private static async Task<IResult> UploadAsync(HttpContext http, MediaRegistry registry, IOptions<StorageOptions> storage, IOptions<MediaOptions> media, ILogger<MediaRegistry> logger)
    {
        var call = RpcCall.Of(http);
        var ct = http.RequestAborted;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            // Bounded below by our own copy limit; Kestrel's 30 MB default would refuse ordinary videos.
            sizeFeature.MaxRequestBodySize = media.Value.MaxFileBytes + (1024 * 1024);
        }

        string? stored = null;
        try
        {
            var boundary = MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) ? HeaderUtilities.RemoveQuotes(type.Boundary).Value : null;
            if (string.IsNullOrEmpty(boundary))
            {
                throw RpcErrors.InvalidParameter("file", "Send multipart/form-data with a file field.");
            }

            string? title = null;
            string? originalName = null;
            var reader = new MultipartReader(boundary, http.Request.Body);
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (name == "Title")
                {
                    title = InputText.Check("Title", (await ReadFieldAsync(section.Body, ct)).Trim());
                }
                else if (name == "file" && stored is null)
                {
                    originalName = HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? "upload";
                    Directory.CreateDirectory(storage.Value.UploadsFolder);
                    stored = Path.Combine(storage.Value.UploadsFolder, Guid.NewGuid().ToString("N") + MediaRegistry.SafeExtension(originalName));
                    await using var output = File.Create(stored);
                    await MediaRegistry.CopyBoundedAsync(section.Body, output, media.Value.MaxFileBytes, ct);
                }
            }

            if (stored is null)
            {
                throw RpcErrors.MissingParameter("file");
            }

            var fileUrl = new Uri(stored).AbsoluteUri;
            // Without a Title the file's name is the title, and it must then pass the same rules.
            var effectiveTitle = string.IsNullOrWhiteSpace(title)
                ? RegisterMedia.CheckTitle(originalName!, "Title", "The file name, used as the title without a Title field")
                : RegisterMedia.CheckTitle(title, "Title");
            var metadata = new MediaMetadata(fileUrl, effectiveTitle, null, null, null, null, null);
            var registered = await registry.RegisterAsync(metadata, registry.Check(fileUrl, "file"), ct)
                ?? throw RpcErrors.InvalidParameter("file", "The uploaded file could not be stored.");
            stored = null;
            return Results.Json(
                new { RequestId = call.RequestId, VideoId = registered.Video.Id, registered.Video.Status, registered.Video.Title },
                RpcJson.Options);
        }
        catch (BadHttpRequestException e)
        {
            return RpcResponseWriter.Error(RpcFormat.Json, call.RequestId, call.Host, RpcErrors.InvalidParameter("file", e.Message));
        }
        catch (InvalidDataException e)
        {
            return RpcResponseWriter.Error(RpcFormat.Json, call.RequestId, call.Host, RpcErrors.InvalidParameter("file", e.Message));
        }
        catch (IOException e) when (!ct.IsCancellationRequested && e.HResult == PlainIOExceptionResult)
        {
            // MultipartReader's word for a body that ends before its closing boundary (file system errors carry an errno).
            return RpcResponseWriter.Error(RpcFormat.Json, call.RequestId, call.Host,
                RpcErrors.InvalidParameter("file", "The multipart body ends before its closing boundary, or is malformed."));
        }
        catch (RpcException e)
        {
            return RpcResponseWriter.Error(RpcFormat.Json, call.RequestId, call.Host, e);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return Results.Empty;
        }
        catch (Exception e)
        {
            LogFailed(logger, e);
            return RpcResponseWriter.Error(RpcFormat.Json, call.RequestId, call.Host, RpcErrors.InternalError());
        }
        finally
        {
            // Anything not handed to the registry is removed: a refused upload leaves nothing behind.
            if (stored is not null)
            {
                File.Delete(stored);
            }
        }
    }

    private static async Task<string> ReadFieldAsync(Stream body, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        try
        {
            await MediaRegistry.CopyBoundedAsync(body, buffer, MaxTitleFieldBytes, ct);
            return StrictUtf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (InvalidDataException)
        {
            throw RpcErrors.InvalidParameter("Title", string.Create(CultureInfo.InvariantCulture, $"It must be at most {RegisterMedia.MaxTitleBytes} bytes of UTF-8."));
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw RpcErrors.InvalidParameter("Title", "It must be UTF-8 text.");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Upload failed unexpectedly")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
