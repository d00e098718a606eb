using VodSnapshot.Media.Probing;

namespace VodSnapshot.Media.Extraction;

/// <summary>How a requested time maps to a frame.</summary>
public enum FrameSelection
{
    /// <summary>The frame a player shows at t: the last frame whose presentation time is at or before t (vendor FrameType "normal").</summary>
    Exact,

    /// <summary>The keyframe nearest to t, decoded from keyframes only (vendor FrameType "intra"); fast, may repeat frames.</summary>
    NearestKeyframe,
}

/// <summary>Frames to extract from one source, all at one output size, as JPG.</summary>
/// <param name="Times">
/// Requested times from the start of the media (its first video frame, <see cref="MediaProbe.StartTime"/>), each inside
/// the media; ascending by convention, though any order is served. A time past the last frame gets the last frame.
/// </param>
/// <param name="Width">Output width in pixels.</param>
/// <param name="Height">Output height in pixels.</param>
/// <param name="Selection">Exact frame or nearest keyframe.</param>
public sealed record FrameRequest(IReadOnlyList<TimeSpan> Times, int Width, int Height, FrameSelection Selection)
{
    /// <summary>How to drive ffmpeg; <see cref="ExtractionStrategy.Auto"/> (the default) chooses per job. Every strategy yields the same frames.</summary>
    public ExtractionStrategy Strategy { get; init; } = ExtractionStrategy.Auto;

    /// <summary>
    /// When set, every frame is also written at this size to <c>cells/00001.jpg</c>… (see <see cref="ExtractedFrame.CellPath"/>),
    /// scaled by ffmpeg from the decoded frame in the same run. Sprite composition from these cells skips decoding and
    /// resizing full-size images, which costs several times more than the extra output.
    /// </summary>
    public (int Width, int Height)? CellSize { get; init; }
}

/// <summary>One image written by the extractor.</summary>
/// <param name="Index">1-based position in <see cref="FrameRequest.Times"/>.</param>
/// <param name="RequestedTime">The time that was asked for.</param>
/// <param name="PresentationTime">The presentation time of the frame actually written (relative to the media start).</param>
/// <param name="Path">The JPG file.</param>
public sealed record ExtractedFrame(int Index, TimeSpan RequestedTime, TimeSpan PresentationTime, string Path)
{
    /// <summary>The same frame at <see cref="FrameRequest.CellSize"/>, when that was asked for.</summary>
    public string? CellPath { get; init; }
}

/// <param name="Frames">One entry per requested time, in order.</param>
/// <param name="Strategy">Name of the extraction strategy chosen for this job (for logs and job views).</param>
public sealed record ExtractionResult(IReadOnlyList<ExtractedFrame> Frames, string Strategy)
{
    /// <summary>How many frames ffmpeg decoded for the job, against the fewest it could have; null when not measured.</summary>
    public DecodeCount? Decoding { get; init; }
}

/// <param name="Decoded">Video frames ffmpeg decoded over all runs of the job, retries included.</param>
/// <param name="Minimum">
/// The fewest frames that show the job's frames: for each keyframe interval holding requested frames, those from its keyframe
/// up to the last requested one (one per frame for keyframes); computed from the source's packet index, null when the
/// index could not be read.
/// </param>
public sealed record DecodeCount(long Decoded, long? Minimum)
{
    /// <summary>Decoded over minimum (1 is the least work possible), or null without a minimum.</summary>
    public double? Ratio => Minimum is { } minimum && minimum > 0 ? (double)Decoded / minimum : null;
}

public interface IFrameExtractor
{
    /// <summary>
    /// Writes one JPG per requested time into <paramref name="outputDirectory"/> as 00001.jpg, 00002.jpg, … (replacing
    /// files of those names). Every file appears complete or not at all.
    /// Throws <see cref="FrameExtractionException"/> when ffmpeg fails, stalls, times out or leaves an output missing.
    /// </summary>
    Task<ExtractionResult> ExtractAsync(string sourcePath, MediaProbe probe, FrameRequest request, string outputDirectory, CancellationToken cancellationToken);
}

/// <summary>Why an extraction failed, for the caller to report in its own vocabulary.</summary>
public enum FrameFailure
{
    /// <summary>The source file is not there.</summary>
    SourceNotFound,

    /// <summary>The source cannot be decoded (damaged, not media, no video, or the frame is missing).</summary>
    SourceUnreadable,

    /// <summary>ffmpeg ran too long or stopped making progress.</summary>
    TimedOut,

    /// <summary>Anything else: ffmpeg missing, failing for another reason, or the output not written.</summary>
    Internal,
}

/// <summary>
/// An extraction that did not produce every image: <see cref="Kind"/> says why; the message is safe to show to API
/// users, <see cref="ToolOutput"/> is for logs only.
/// </summary>
public sealed class FrameExtractionException(FrameFailure kind, string message, Exception? inner = null, string? toolOutput = null) : Exception(message, inner)
{
    public FrameFailure Kind { get; } = kind;

    /// <summary>The last lines ffmpeg or ffprobe wrote, when one of them failed.</summary>
    public string? ToolOutput { get; } = toolOutput;
}
