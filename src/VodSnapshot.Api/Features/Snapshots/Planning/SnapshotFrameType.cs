namespace VodSnapshot.Api.Features.Snapshots.Planning;

/// <summary>
/// The vendor's FrameType values (spec §3, §10.4). Only templates can choose one; every other job takes
/// <see cref="Normal"/>, the exact frame a player shows at each time.
/// </summary>
public static class SnapshotFrameType
{
    /// <summary>The frame shown at each time.</summary>
    public const string Normal = "normal";

    /// <summary>The keyframe nearest each time: faster, may repeat or shift frames.</summary>
    public const string Intra = "intra";

    /// <summary>
    /// Reads a FrameType value in its canonical lower-case spelling; the vendor's console and SDKs disagree on case, so
    /// any case is accepted. Returns false for anything else.
    /// </summary>
    public static bool TryParse(string? text, out string frameType)
    {
        if (string.Equals(text, Normal, StringComparison.OrdinalIgnoreCase))
        {
            frameType = Normal;
            return true;
        }

        if (string.Equals(text, Intra, StringComparison.OrdinalIgnoreCase))
        {
            frameType = Intra;
            return true;
        }

        frameType = Normal;
        return false;
    }
}
