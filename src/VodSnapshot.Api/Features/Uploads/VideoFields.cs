using System.Collections.Frozen;
using System.Globalization;
using System.Net;
using System.Text;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Uploads;

/// <summary>
/// The checks of the text fields a caller sets on a video (CreateUploadVideo, UpdateVideoInfo; vod-lifecycle §2.1,
/// §5.1), with the vendor's codes: <c>IllegalCharacters</c> for emoji, <c>LengthExceededMax</c> over the byte limit,
/// <c>TagsExceededMax</c> over 16 tags, <c>InvalidFileName.Extension</c> for a file type VOD does not take.
/// </summary>
public static class VideoFields
{
    public const int MaxTitleBytes = 128;
    public const int MaxDescriptionBytes = 1024;
    public const int MaxTagBytes = 32;
    public const int MaxTags = 16;
    public const int MaxCoverUrlBytes = 1024;

    /// <summary>Ids the vendor hands out and this service only accepts (TemplateGroupId, WorkflowId): 32 characters there.</summary>
    public const int MaxIdBytes = 64;
    public const int MaxStorageLocationBytes = 256;

    /// <summary>A media URL handed in (UploadMediaByURL's SourceURL, GetURLUploadInfos' UploadURLs).</summary>
    public const int MaxSourceUrlBytes = 2048;

    /// <summary>SearchMedia's Fields: a comma-separated list of field names.</summary>
    public const int MaxFieldListBytes = 1024;

    /// <summary>The upload extensions of the vendor's documentation (video, then audio).</summary>
    public static readonly FrozenSet<string> VideoExtensions = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "mp4", "ts", "3gp", "mpg", "mpeg", "mpe", "dat", "vob", "asf", "avi", "wmv", "flv", "f4v", "rm", "rmvb", "mov", "mkv", "m3u8", "dv",
        "gif", "m2t", "m4v", "mj2", "mjpeg", "mts", "ogg", "qt", "swf", "webm");

    public static readonly FrozenSet<string> AudioExtensions = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "mp3", "wma", "wav", "aac", "ra", "m4a", "flac", "ape", "ac3", "amr", "caf", "acm");

    /// <summary>The lower-case extension of a FileName (which may be a full local path, Windows or not).</summary>
    public static string Extension(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var name = fileName[(fileName.LastIndexOfAny(['/', '\\']) + 1)..];
        var dot = name.LastIndexOf('.');
        var extension = dot < 0 ? string.Empty : name[(dot + 1)..];
        return VideoExtensions.Contains(extension) || AudioExtensions.Contains(extension)
            ? extension.ToLowerInvariant()
            : throw new RpcException(HttpStatusCode.BadRequest, "InvalidFileName.Extension", "The specified FileName's extension is illegal.");
    }

    public static string? Text(string name, string? value, int maxBytes)
    {
        if (value is null)
        {
            return null;
        }

        if (HasEmoji(value) || value.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            throw IllegalCharacters(name);
        }

        return Encoding.UTF8.GetByteCount(value) <= maxBytes ? value : throw LengthExceeded(name, maxBytes);
    }

    /// <summary>Comma-separated tags, normalized (trimmed, empty ones dropped).</summary>
    public static string? Tags(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var tags = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (tags.Length > MaxTags)
        {
            throw new RpcException(HttpStatusCode.BadRequest, "TagsExceededMax", "The specified Tags count has exceeded 16.");
        }

        foreach (var tag in tags)
        {
            Text("Tags", tag, MaxTagBytes);
        }

        return string.Join(',', tags);
    }

    public static string? CoverUrl(string? value)
    {
        if (value is null)
        {
            return null;
        }

        Text("CoverURL", value, MaxCoverUrlBytes);
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? value
            : throw RpcErrors.InvalidParameter("CoverURL", "It must be an absolute http or https URL.");
    }

    private static bool HasEmoji(string value)
    {
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.Value is >= 0x1F000 and <= 0x1FAFF or >= 0x2600 and <= 0x27BF or 0xFE0F or 0x200D)
            {
                return true;
            }
        }

        return false;
    }

    private static RpcException IllegalCharacters(string name) =>
        new(HttpStatusCode.BadRequest, "IllegalCharacters", $"The specified {name} contains illegal emoticon or special characters.");

    private static RpcException LengthExceeded(string name, int max) =>
        new(HttpStatusCode.BadRequest, "LengthExceededMax", string.Create(CultureInfo.InvariantCulture, $"The specified {name} length has exceeded {max} bytes."));
}
