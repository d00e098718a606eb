using VodSnapshot.Api.Features.Snapshots.WebVtt;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Snapshots.Planning;

/// <summary>
/// What a snapshot job asks for before it meets a video: read from SubmitSnapshotJob's own parameters or from a
/// template's SnapshotConfig, every value already checked on its own. <see cref="Resolve"/> turns it into the job's
/// spec against one video, the same way whichever source it came from, so a template job and the equivalent plain
/// call produce the same work.
/// </summary>
/// <param name="Timing">Offset, Count, Interval or explicit times, as given.</param>
/// <param name="Width">Requested snapshot width, or null to follow the source.</param>
/// <param name="Height">Requested snapshot height, or null to follow the source.</param>
/// <param name="FrameType">Exact frames or nearest keyframes.</param>
/// <param name="Sprite">Sprite sheets to compose, or null for none.</param>
/// <param name="WebVtt">A WebVTT thumbnail track over the sprite cells, or null for none.</param>
public sealed record SnapshotRequest(
    SnapshotTiming Timing,
    int? Width,
    int? Height,
    SnapshotFrameType FrameType,
    SpriteSnapshotConfig? Sprite,
    WebVttSpec? WebVtt = null)
{
    /// <summary>The sprite configuration the job composes: a WebVTT track needs sheets, so it implies the defaults.</summary>
    public SpriteSnapshotConfig? EffectiveSprite => Sprite ?? (WebVtt is null ? null : SpriteSnapshotConfig.Default);

    /// <summary>Reads SubmitSnapshotJob's snapshot parameters; every error is InvalidParameter naming the parameter.</summary>
    public static SnapshotRequest FromParameters(RpcRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new SnapshotRequest(
            SnapshotParameters.Timing(request.Values),
            OutputSize.ParseDimension("Width", request.Get("Width")),
            OutputSize.ParseDimension("Height", request.Get("Height")),
            SnapshotFrameType.Normal,
            SpriteSnapshotConfig.FromParameter(request.Get(SpriteSnapshotConfig.ParameterName)));
    }

    /// <summary>
    /// Plans times, output size and sprite sheets against <paramref name="video"/> and checks the per-job limits.
    /// Throws InvalidParameter (naming Count, Interval, SpecifiedOffsetTimes or SpriteSnapshotConfig) when the job
    /// would exceed them for this video.
    /// </summary>
    public SnapshotJobSpec Resolve(Video video, SnapshotOptions options, string? extend, string? callbackUrl)
    {
        ArgumentNullException.ThrowIfNull(video);
        ArgumentNullException.ThrowIfNull(options);

        var probe = video.Probe;
        var plan = new SnapshotPlanner(options.MaxSnapshotsPerJob).Plan(probe.Duration, Timing);
        var size = OutputSize.Resolve(probe.DisplayWidth, probe.DisplayHeight, Width, Height);
        var sheets = EffectiveSprite?.Resolve(size, probe.DisplayWidth, probe.DisplayHeight, plan.Times.Count, options.SpritePixelBudget);
        return new SnapshotJobSpec(
            [.. plan.Times.Select(t => (long)t.TotalMilliseconds)],
            (int)Math.Min(plan.DroppedPastEnd, int.MaxValue),
            size.Width,
            size.Height,
            FrameType,
            // Separate-image cues point at the cells, so they must outlive composition.
            sheets is null ? null : sheets with { KeepCells = sheets.KeepCells || WebVtt is { Combined: false } },
            extend,
            callbackUrl,
            WebVtt);
    }
}
