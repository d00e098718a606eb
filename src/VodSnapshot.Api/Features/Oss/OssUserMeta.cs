using System.Text;
using System.Text.Json;

namespace VodSnapshot.Api.Features.Oss;

/// <summary>
/// An object's user metadata: the <c>x-oss-meta-*</c> headers sent with PutObject or InitiateMultipartUpload, kept
/// with the object and answered by HeadObject and GetObject (ali-oss's <c>head()</c> returns them as <c>meta</c>).
/// Stored as one JSON object of lower-case names; OSS allows 8 KB of them in all.
/// </summary>
public static class OssUserMeta
{
    public const string Prefix = "x-oss-meta-";
    public const int MaxBytes = 8 * 1024;

    /// <summary>The request's user metadata as stored, or null when it has none; too much is <c>InvalidArgument</c>.</summary>
    public static string? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var meta = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in request.Headers)
        {
            if (name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            {
                meta[name.ToLowerInvariant()] = values.ToString().Trim();
            }
        }

        if (meta.Count == 0)
        {
            return null;
        }

        if (meta.Sum(m => Encoding.UTF8.GetByteCount(m.Key) + Encoding.UTF8.GetByteCount(m.Value)) > MaxBytes)
        {
            throw OssException.InvalidArgument("Your metadata headers exceed the maximum allowed metadata size (8 KB).", "x-oss-meta-*");
        }

        return JsonSerializer.Serialize(meta);
    }

    /// <summary>Writes stored user metadata back as response headers.</summary>
    public static void Write(IHeaderDictionary headers, string? stored)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (stored is null)
        {
            return;
        }

        foreach (var (name, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(stored) ?? [])
        {
            headers[name] = value;
        }
    }
}
