using System.Security.Cryptography;
using System.Xml;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Features.Uploads;
using VodSnapshot.Api.Persistence;
using static VodSnapshot.Api.Features.Oss.OssOperations;

namespace VodSnapshot.Api.Features.Oss;

/// <summary>
/// Multipart upload (vod-lifecycle §3.4): Initiate, UploadPart (each part streamed to its own file; the same number
/// again replaces it), Complete (parts listed in ascending order with their ETags, every part but the last at least
/// 100 KB, concatenated into the object), Abort (parts and upload removed) and ListParts. Uploads belong to the
/// credential's one object.
/// </summary>
public sealed class OssMultipart(VodDbContext db, OssStorage files, TimeProvider clock)
{
    public const int MaxPartNumber = 10000;
    public const long MinPartBytes = 100 * 1024;
    private const int MaxCompleteBodyBytes = 1024 * 1024;

    public async Task InitiateAsync(HttpContext http, UploadGrant grant, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(grant);
        var upload = new OssMultipartUpload
        {
            UploadId = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
            VideoId = grant.VideoId,
            ObjectKey = grant.ObjectKey,
            ContentType = http.Request.ContentType,
            CreationTime = clock.GetUtcNow(),
        };
        db.Set<OssMultipartUpload>().Add(upload);
        await db.SaveChangesAsync(ct);
        await WriteXmlAsync(http, new XElement("InitiateMultipartUploadResult",
            new XElement("Bucket", grant.Bucket), new XElement("Key", grant.ObjectKey), new XElement("UploadId", upload.UploadId)));
    }

    public async Task UploadPartAsync(HttpContext http, UploadGrant grant, string uploadId, string? partNumberText, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!int.TryParse(partNumberText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var partNumber)
            || partNumber is < 1 or > MaxPartNumber)
        {
            throw OssException.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive.", "partNumber", partNumberText);
        }

        await FindAsync(grant, uploadId, ct);
        OssBody.CheckHeaders(http.Request, files.MaxObjectBytes);
        var temporary = files.TemporaryPath();
        var body = await OssBody.WriteAsync(http.Request, temporary, files.MaxObjectBytes, ct);
        try
        {
            var parts = db.Set<OssMultipartPart>();
            var part = await parts.FindAsync([uploadId, partNumber], ct);
            if (part is null)
            {
                part = new OssMultipartPart { UploadId = uploadId, PartNumber = partNumber, ETag = body.ETag };
                parts.Add(part);
            }

            part.ETag = body.ETag;
            part.Size = body.Size;
            part.Time = clock.GetUtcNow();
            Directory.CreateDirectory(files.PartsFolder(uploadId));
            File.Move(temporary, files.PartPath(uploadId, partNumber), overwrite: true);
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Aborted while the part was on its way: nothing of it stays.
            files.DeleteParts(uploadId);
            throw OssException.NoSuchUpload(uploadId);
        }
        finally
        {
            File.Delete(temporary);
        }

        http.Response.Headers.ETag = body.ETag;
        http.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>
    /// Checks the part list and concatenates the parts into a temporary file; sets the grant's object fields and marks
    /// the upload for removal (saved with the completion). Answers the file and the upload's content type.
    /// </summary>
    public async Task<(string Path, string? ContentType)> CompleteAsync(HttpContext http, UploadGrant grant, string uploadId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(grant);
        var upload = await FindAsync(grant, uploadId, ct);
        var listed = await ReadPartListAsync(http.Request, ct);
        var stored = await db.Set<OssMultipartPart>().Where(p => p.UploadId == uploadId).ToDictionaryAsync(p => p.PartNumber, ct);
        for (var i = 0; i < listed.Count; i++)
        {
            if (i > 0 && listed[i].PartNumber <= listed[i - 1].PartNumber)
            {
                throw OssException.InvalidPartOrder();
            }

            if (!stored.TryGetValue(listed[i].PartNumber, out var part) || !SameETag(part.ETag, listed[i].ETag))
            {
                throw OssException.InvalidPart();
            }

            if (i < listed.Count - 1 && part.Size < MinPartBytes)
            {
                throw OssException.EntityTooSmall(part.PartNumber);
            }
        }

        var total = listed.Sum(p => stored[p.PartNumber].Size);
        if (total > files.MaxFileBytes)
        {
            throw OssException.EntityTooLarge(files.MaxFileBytes);
        }

        var temporary = files.TemporaryPath();
        Directory.CreateDirectory(Path.GetDirectoryName(temporary)!);
        using var etag = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        try
        {
            await using var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 128 * 1024, FileOptions.Asynchronous);
            foreach (var (number, _) in listed)
            {
                await using var input = new FileStream(files.PartPath(uploadId, number), FileMode.Open, FileAccess.Read, FileShare.Read, 128 * 1024, FileOptions.Asynchronous);
                await input.CopyToAsync(output, ct);
                etag.AppendData(Convert.FromHexString(stored[number].ETag.Trim('"')));
            }
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        grant.ObjectETag = "\"" + Convert.ToHexString(etag.GetHashAndReset()) + "-" + Invariant(listed.Count) + "\"";
        grant.ObjectSize = total;
        grant.ObjectType = "Multipart";
        db.Set<OssMultipartUpload>().Remove(upload);
        return (temporary, upload.ContentType);
    }

    public async Task AnswerCompleteAsync(HttpContext http, UploadGrant grant)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(grant);
        // ali-oss returns the header's ETag, not the XML's.
        http.Response.Headers.ETag = grant.ObjectETag;
        await WriteXmlAsync(http, new XElement("CompleteMultipartUploadResult",
            new XElement("Location", CreateUploadVideo.OssObjectUrl(grant.Endpoint, grant.Bucket, grant.ObjectKey)),
            new XElement("Bucket", grant.Bucket), new XElement("Key", grant.ObjectKey), new XElement("ETag", grant.ObjectETag)));
    }

    public async Task AbortAsync(HttpContext http, UploadGrant grant, string uploadId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        var upload = await FindAsync(grant, uploadId, ct);
        db.Set<OssMultipartUpload>().Remove(upload);
        await db.SaveChangesAsync(ct);
        files.DeleteParts(uploadId);
        http.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    public async Task ListPartsAsync(HttpContext http, UploadGrant grant, string uploadId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(grant);
        await FindAsync(grant, uploadId, ct);
        var parts = await db.Set<OssMultipartPart>().AsNoTracking().Where(p => p.UploadId == uploadId).OrderBy(p => p.PartNumber).ToListAsync(ct);
        var result = new XElement("ListPartsResult",
            new XElement("Bucket", grant.Bucket), new XElement("Key", grant.ObjectKey), new XElement("UploadId", uploadId),
            new XElement("PartNumberMarker", 0), new XElement("NextPartNumberMarker", parts.Count == 0 ? 0 : parts[^1].PartNumber),
            new XElement("MaxParts", 1000), new XElement("IsTruncated", "false"));
        foreach (var part in parts)
        {
            result.Add(new XElement("Part",
                new XElement("PartNumber", part.PartNumber),
                new XElement("LastModified", part.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture)),
                new XElement("ETag", part.ETag),
                new XElement("Size", part.Size)));
        }

        await WriteXmlAsync(http, result);
    }

    private async Task<OssMultipartUpload> FindAsync(UploadGrant grant, string uploadId, CancellationToken ct) =>
        await db.Set<OssMultipartUpload>().FindAsync([uploadId], ct) is { } upload && upload.VideoId == grant.VideoId
            ? upload
            : throw OssException.NoSuchUpload(uploadId);

    private static bool SameETag(string stored, string listed) =>
        string.Equals(stored.Trim('"'), listed.Trim().Trim('"'), StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the CompleteMultipartUpload body (at most 1 MB, Content-MD5 checked when sent).</summary>
    private async Task<List<(int PartNumber, string ETag)>> ReadPartListAsync(HttpRequest request, CancellationToken ct)
    {
        OssBody.CheckHeaders(request, MaxCompleteBodyBytes);
        var path = files.TemporaryPath();
        await OssBody.WriteAsync(request, path, MaxCompleteBodyBytes, ct);
        XDocument document;
        try
        {
            await using var input = File.OpenRead(path);
            document = await XDocument.LoadAsync(XmlReader.Create(input, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, Async = true }), LoadOptions.None, ct);
        }
        catch (XmlException)
        {
            throw OssException.MalformedXml();
        }
        finally
        {
            File.Delete(path);
        }

        if (document.Root?.Name.LocalName != "CompleteMultipartUpload")
        {
            throw OssException.MalformedXml();
        }

        var parts = new List<(int, string)>();
        foreach (var part in document.Root.Elements().Where(e => e.Name.LocalName == "Part"))
        {
            var number = part.Elements().FirstOrDefault(e => e.Name.LocalName == "PartNumber")?.Value;
            var etag = part.Elements().FirstOrDefault(e => e.Name.LocalName == "ETag")?.Value;
            if (!int.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n is < 1 or > MaxPartNumber || string.IsNullOrWhiteSpace(etag))
            {
                throw OssException.MalformedXml();
            }

            parts.Add((n, etag));
        }

        return parts.Count > 0 ? parts : throw OssException.MalformedXml();
    }
}
