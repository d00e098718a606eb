using System.Text.Json;
using VodSnapshot.Api.Features.Faults;
using VodSnapshot.Api.Features.Snapshots.WebVtt;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Snapshots.Planning;

/// <summary>
/// Everything a runner needs, resolved and validated when the job is submitted (so a job never fails on a parameter
/// the caller was not told about at submit time, and a re-run after a restart does exactly the same work).
/// </summary>
/// <param name="TimesMs">Capture times in ms from the start, ascending, each inside the video; empty when none fit (the job then fails).</param>
/// <param name="DroppedTimes">How many planned times fell at or past the end and were dropped.</param>
/// <param name="Width">Output width of normal snapshots.</param>
/// <param name="Height">Output height of normal snapshots.</param>
/// <param name="FrameType">Exact frames or nearest keyframes.</param>
/// <param name="Sprite">Sprite sheets to compose, when asked for.</param>
/// <param name="Extend">UserData.Extend to echo in the callback, as a string.</param>
/// <param name="CallbackUrl">Where the SnapshotComplete event goes (already resolved by precedence), or null.</param>
/// <param name="WebVtt">A WebVTT thumbnail track to write after the sprites (template jobs only), or null.</param>
/// <param name="Faults">Emulator-only faults injected into this job, or null for none.</param>
/// <param name="CallbackNote">Why no event is sent although one was asked for (the vendor's callback rules), or null.</param>
public sealed record SnapshotJobSpec(
    IReadOnlyList<long> TimesMs,
    int DroppedTimes,
    int Width,
    int Height,
    SnapshotFrameType FrameType,
    SpriteSheets? Sprite,
    string? Extend,
    string? CallbackUrl,
    WebVttSpec? WebVtt = null,
    FaultSpec? Faults = null,
    string? CallbackNote = null)
{
    public string ToJson() => JsonSerializer.Serialize(this, RpcJson.Options);

    public static SnapshotJobSpec FromJson(string json) =>
        JsonSerializer.Deserialize<SnapshotJobSpec>(json, RpcJson.Options) ?? throw new InvalidDataException("Empty job spec.");
}

