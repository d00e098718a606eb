using System.Text.Json.Serialization;

namespace VodSnapshot.Api.Features.Snapshots.Planning;

/// <summary>
/// The vendor's FrameType values. Only templates can choose one; every other job takes <see cref="Normal"/>, the exact
/// frame a player shows at each time.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<SnapshotFrameType>))]
public enum SnapshotFrameType
{
    /// <summary>The frame shown at each time (<c>normal</c>).</summary>
    Normal,

    /// <summary>The keyframe nearest each time (<c>intra</c>): faster, may repeat or shift frames.</summary>
    Intra,
}

public static class SnapshotFrameTypes
{
    /// <summary>
    /// Reads a FrameType value, <c>normal</c> or <c>intra</c>; the vendor's console and SDKs disagree on case, so any
    /// case is accepted. Returns false for anything else.
    /// </summary>
    public static bool TryParse(string? text, out SnapshotFrameType frameType)
    {
        frameType = SnapshotFrameType.Normal;
        if (string.Equals(text, "normal", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.Equals(text, "intra", StringComparison.OrdinalIgnoreCase))
        {
            frameType = SnapshotFrameType.Intra;
            return true;
        }

        return false;
    }
}
