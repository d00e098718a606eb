using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;

namespace VodSnapshot.Api.Features.Oss;

/// <summary>What a streamed body came to: its size and MD5.</summary>
public sealed record OssStoredBody(long Size, byte[] Md5)
{
    /// <summary>The ETag OSS answers for a simple object or a part: quoted upper-case hex MD5.</summary>
    public string ETag => "\"" + Convert.ToHexString(Md5) + "\"";
}

/// <summary>
/// Streams a request body to a file (never whole in memory) with a size limit, hashing as it goes, and checks
/// Content-MD5 when sent. Any refusal deletes what was written: a refused request stores nothing.
/// </summary>
public static class OssBody
{
    private const int BufferSize = 128 * 1024;

    /// <summary>Checks the headers that decide whether a body may be read at all (before anything is written).</summary>
    public static void CheckHeaders(HttpRequest request, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(request);
        var chunked = request.Headers.TransferEncoding.ToString().Contains("chunked", StringComparison.OrdinalIgnoreCase);
        if (request.ContentLength is null && !chunked)
        {
            throw OssException.MissingContentLength();
        }

        if (request.ContentLength > maxBytes)
        {
            throw OssException.EntityTooLarge(maxBytes);
        }

        if (ExpectedMd5(request) is null && request.Headers.ContentMD5.ToString().Length > 0)
        {
            throw OssException.InvalidDigest();
        }

        // Our own limit bounds the body; Kestrel's 30 MB default would refuse ordinary videos.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = maxBytes + 1;
        }
    }

    /// <summary>Writes the body to <paramref name="path"/>; deletes it and throws the OSS error on any refusal.</summary>
    public static async Task<OssStoredBody> WriteAsync(HttpRequest request, string path, long maxBytes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var expected = ExpectedMd5(request);
        try
        {
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            long total = 0;
            await using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
            {
                var buffer = new byte[BufferSize];
                int read;
                while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
                {
                    total += read;
                    if (total > maxBytes)
                    {
                        throw OssException.EntityTooLarge(maxBytes);
                    }

                    md5.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }

            var hash = md5.GetHashAndReset();
            if (expected is not null && !CryptographicOperations.FixedTimeEquals(expected, hash))
            {
                throw OssException.InvalidDigest();
            }

            return new OssStoredBody(total, hash);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    private static byte[]? ExpectedMd5(HttpRequest request)
    {
        var header = request.Headers.ContentMD5.ToString();
        if (header.Length == 0)
        {
            return null;
        }

        var bytes = new byte[16];
        return Convert.TryFromBase64String(header, bytes, out var written) && written == 16 ? bytes : null;
    }
}
