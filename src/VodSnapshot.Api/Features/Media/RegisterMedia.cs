using System.Globalization;
using System.Text.Json;
using VodSnapshot.Api.Features.Callbacks;
using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Api.Features.Uploads;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Media;

/// <summary>
/// <c>RegisterMedia</c>: registers up to 10 files by FileURL. Every item is checked before any is
/// stored, so one bad FileURL refuses the whole call and leaves nothing behind.
/// </summary>
public sealed class RegisterMedia(MediaRegistry registry, CallbackUrlPolicy callbackUrls) : IRpcAction
{
    private const string Parameter = "RegisterMetadatas";
    private const int MaxItems = 10;

    /// <summary>The vendor's limit on a video title, in bytes of UTF-8.</summary>
    public const int MaxTitleBytes = VideoFields.MaxTitleBytes;

    public string Name => "RegisterMedia";

    public RpcActionDoc Doc { get; } = new(
        "Registers media files (file:// under a media root, or http(s):// when enabled) and probes them.",
        [
            new(Parameter, "string", true, "JSON array (at most 10) of {FileURL, Title, Description?, Tags?, CateId?, CoverURL?}.",
                Example: """[{"FileURL":"file:///app/samples/media/countdown.mp4","Title":"Countdown"}]"""),
            new("UserData", "string", false, "JSON; its MessageCallback.CallbackURL applies to this media's snapshot jobs."),
        ],
        Tag: "Media");

    public async Task<object> ExecuteAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        var userData = request.Get("UserData");
        // Read and checked once, now: its callback URL applies to every later snapshot job of these videos.
        var callbackUrl = SnapshotUserData.Parse(userData).CallbackUrl?.AbsoluteUri;
        if (callbackUrl is not null)
        {
            await callbackUrls.CheckAsync(callbackUrl, "MessageCallback.CallbackURL", cancellationToken);
        }

        var items = ReadItems(request.Require(Parameter), userData, callbackUrl);
        var sources = items.Select(item => registry.Check(item.FileUrl, Parameter)).ToList();
        if (sources.Select(s => s.Key).Distinct(StringComparer.Ordinal).Count() != items.Count)
        {
            throw RpcErrors.InvalidParameter(Parameter, "Each file must appear once (two FileURLs name the same file).");
        }

        var registered = new List<object>();
        var failed = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            if (await registry.RegisterAsync(items[i], sources[i], cancellationToken) is var (video, isNew))
            {
                registered.Add(new { FileURL = items[i].FileUrl, MediaId = video.Id, NewRegister = isNew });
            }
            else
            {
                failed.Add(items[i].FileUrl);
            }
        }

        return new { RegisteredMediaList = registered, FailedFileURLs = failed };
    }

    private static List<MediaMetadata> ReadItems(string json, string? userData, string? callbackUrl)
    {
        using var document = RpcJsonInput.Parse(json, Parameter);
        if (document.RootElement.ValueKind != JsonValueKind.Array || document.RootElement.GetArrayLength() is 0 or > MaxItems)
        {
            throw RpcErrors.InvalidParameter(Parameter, "It must be a JSON array of 1 to 10 items.");
        }

        var items = new List<MediaMetadata>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw RpcErrors.InvalidParameter(Parameter, "Each item must be a JSON object.");
            }

            items.Add(new MediaMetadata(
                FileUrl: RpcJsonInput.RequiredString(item, "FileURL", Parameter, 1024),
                Title: CheckTitle(RpcJsonInput.RequiredString(item, "Title", Parameter, MaxTitleBytes), Parameter, "Title"),
                Description: RpcJsonInput.OptionalString(item, "Description", Parameter, 1024),
                Tags: ReadTags(RpcJsonInput.OptionalString(item, "Tags", Parameter, 16 * 33)),
                CateId: RpcJsonInput.OptionalInt64(item, "CateId", Parameter),
                CoverUrl: CheckCoverUrl(RpcJsonInput.OptionalString(item, "CoverURL", Parameter, 1024)),
                UserData: userData,
                CallbackUrl: callbackUrl));
        }

        return items;
    }

    /// <summary>
    /// A title as the vendor limits it: text (no control characters), not only white space, at most 128 bytes of UTF-8.
    /// <paramref name="field"/> names it in the detail when the title is a field of <paramref name="parameterName"/>.
    /// </summary>
    public static string CheckTitle(string title, string parameterName, string? field = null)
    {
        ArgumentNullException.ThrowIfNull(title);
        var problem = string.IsNullOrWhiteSpace(title) ? "It must not be empty or only white space."
            : System.Text.Encoding.UTF8.GetByteCount(title) > MaxTitleBytes ? string.Create(CultureInfo.InvariantCulture, $"It must be at most {MaxTitleBytes} bytes of UTF-8.")
            : InputText.Problem(title);
        return problem is null ? title : throw RpcErrors.InvalidParameter(parameterName, field is null ? problem : $"{field}: {problem}");
    }

    /// <summary>A cover is an image the caller's players load: only an absolute http(s) URL (never javascript:, file:, data:).</summary>
    private static string? CheckCoverUrl(string? url) =>
        url is null || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            ? url
            : throw RpcErrors.InvalidParameter(Parameter, "CoverURL must be an absolute http or https URL.");

    /// <summary>At most 16 comma-separated tags of at most 32 bytes each.</summary>
    private static string? ReadTags(string? tags)
    {
        if (tags is null)
        {
            return null;
        }

        var parts = tags.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return parts.Length <= 16 && parts.All(t => System.Text.Encoding.UTF8.GetByteCount(t) <= 32)
            ? string.Join(',', parts)
            : throw RpcErrors.InvalidParameter(Parameter, "Tags must be at most 16 comma-separated tags of at most 32 bytes.");
    }
}
