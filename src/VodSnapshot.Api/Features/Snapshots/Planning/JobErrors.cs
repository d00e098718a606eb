using VodSnapshot.Media.Extraction;

namespace VodSnapshot.Api.Features.Snapshots.Planning;

/// <summary>
/// The error codes a snapshot job can fail with, as the callback and the job view report them: the vendor's codes
/// for the same failures, in one table.
/// </summary>
public static class JobErrors
{
    /// <summary>Anything unexpected; the message says no more than that.</summary>
    public const string Internal = "InternalError";

    /// <summary>The video was deleted before the job ran.</summary>
    public const string VideoNotFound = "InvalidVideo.NotFound";

    /// <summary>The video's source file is gone.</summary>
    public const string SourceNotFound = "InvalidParameter.ResourceNotFound";

    /// <summary>The source cannot be decoded at a requested time.</summary>
    public const string SourceUnreadable = "InvalidParameter.ResourceContentBad";

    /// <summary>ffmpeg stopped making progress or ran past its time limit.</summary>
    public const string TimedOut = "SnapshotTimeOut";

    /// <summary>No requested time lies inside the video: the vendor accepts such a job and fails it afterwards.</summary>
    public const string OutsideVideo = "InvalidParameter.SpecifiedOffsetTime";

    /// <summary>The storage folder's free space is below Storage:MinFreeBytes when the job is about to start: the vendor's temporary-failure code.</summary>
    public const string NoSpace = "ServiceUnAvailable";

    /// <summary>The code of an extraction failure.</summary>
    public static string For(FrameFailure failure) => failure switch
    {
        FrameFailure.SourceNotFound => SourceNotFound,
        FrameFailure.SourceUnreadable => SourceUnreadable,
        FrameFailure.TimedOut => TimedOut,
        _ => Internal,
    };
}
