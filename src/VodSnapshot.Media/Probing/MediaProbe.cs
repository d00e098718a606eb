namespace VodSnapshot.Media.Probing;

/// <summary>What the service needs to know about a source file, read once by ffprobe at registration.</summary>
/// <param name="HasVideo">False for audio-only or unreadable video streams.</param>
/// <param name="Duration">Container duration (or the video stream's when the container has none).</param>
/// <param name="SizeBytes">Bytes of the source file.</param>
/// <param name="Width">Coded width of the first video stream.</param>
/// <param name="Height">Coded height of the first video stream.</param>
/// <param name="DisplayWidth">Width after the sample aspect ratio is applied (anamorphic sources).</param>
/// <param name="DisplayHeight">Height shown to a viewer.</param>
/// <param name="FrameRate">Average frames per second.</param>
/// <param name="IsConstantFrameRate">True when every frame lasts 1/FrameRate, so frame times can be computed instead of read.</param>
/// <param name="StartTime">Presentation time of the first video frame.</param>
/// <param name="KeyframeInterval">Typical distance between keyframes, when known.</param>
/// <param name="VideoCodec">ffprobe's codec name of the video stream.</param>
/// <param name="FormatName">ffprobe's container format name.</param>
public sealed record MediaProbe(
    bool HasVideo,
    TimeSpan Duration,
    long SizeBytes,
    int Width,
    int Height,
    int DisplayWidth,
    int DisplayHeight,
    double FrameRate,
    bool IsConstantFrameRate,
    TimeSpan StartTime,
    TimeSpan? KeyframeInterval,
    string? VideoCodec,
    string FormatName)
{
    /// <summary>What is known of a file that could not be probed at all: nothing, and no video.</summary>
    public static MediaProbe None { get; } = new(false, TimeSpan.Zero, 0, 0, 0, 0, 0, 0, false, TimeSpan.Zero, null, null, string.Empty);
}
