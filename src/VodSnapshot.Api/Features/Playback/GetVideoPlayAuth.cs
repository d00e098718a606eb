using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using VodSnapshot.Api.Features.Media;
using VodSnapshot.Api.Rpc;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Features.Playback;

/// <summary>
/// <c>GetVideoPlayAuth</c> (vod-lifecycle §6.2): the PlayAuth of a Normal video with its VideoMeta. PlayAuth is
/// base64 JSON in the shape players decode (AccessKeyId, AccessKeySecret, SecurityToken, AuthInfo, PlayDomain,
/// Region, CustomerId, VideoMeta); AuthInfo's ExpireTime is now + AuthInfoTimeout. Its keys are random and grant
/// nothing here: players of this service get the stream from GetPlayInfo.
/// </summary>
public sealed class GetVideoPlayAuth(VodDbContext db, TimeProvider clock) : IRpcAction
{
    public string Name => "GetVideoPlayAuth";

    public RpcActionDoc Doc { get; } = new(
        "Returns a playback credential (PlayAuth) and the VideoMeta of a Normal video.",
        [
            new("VideoId", "string", true, "The video."),
            new("AuthInfoTimeout", "integer", false, "Seconds the credential is valid.", Default: "100", Minimum: 100, Maximum: 3000),
        ],
        Tag: "Playback");

    public async Task<object> ExecuteAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        var videoId = request.Require("VideoId");
        var timeout = request.GetInt64("AuthInfoTimeout", 100, 3000) ?? 100;
        var video = PlaybackStreams.Playable(await db.FindVideoAsync(videoId, cancellationToken));
        var meta = new { VideoId = video.Id, video.Title, Duration = Math.Round(video.Probe.Duration.TotalSeconds, 3), CoverURL = video.CoverUrl, video.Status };
        var domain = request.BaseUri.Authority;
        var expire = VendorTime.Format(clock.GetUtcNow().AddSeconds(timeout));
        var authInfo = JsonSerializer.Serialize(new
        {
            CI = RandomText(32),
            Caller = RandomText(16),
            ExpireTime = expire,
            MediaId = video.Id,
            PlayDomain = domain,
            Signature = Convert.ToBase64String(HMACSHA1.HashData(RandomNumberGenerator.GetBytes(20), Encoding.UTF8.GetBytes(video.Id + expire))),
        }, RpcJson.Options);
        var playAuth = new
        {
            SecurityToken = "CAIS" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(96)),
            AuthInfo = authInfo,
            AccessKeyId = "STS." + RandomText(25),
            AccessKeySecret = RandomText(44),
            PlayDomain = domain,
            Region = "cn-shanghai",
            CustomerId = 1000000L,
            VideoMeta = meta,
        };
        return new
        {
            PlayAuth = Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(playAuth, RpcJson.Options))),
            VideoMeta = meta,
        };
    }

    private static string RandomText(int length) =>
        RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", length);
}
