namespace VodSnapshot.Api.Features.Snapshots.WebVtt;

/// <summary>
/// A WebVTT thumbnail track asked of a job (template SnapshotType <c>WebVttSnapshot</c>). It is written after the sprite
/// sheets, which a WebVTT job always composes.
/// </summary>
/// <param name="Combined">
/// The template's <c>SubOut.IsSptFrag</c>: true points each cue at its cell inside a sheet (<c>#xywh=</c>), false at the
/// cell's own image (so the cells are kept whatever KeepCellPic says).
/// </param>
public sealed record WebVttSpec(bool Combined);
