using System.ComponentModel.DataAnnotations;

namespace VodSnapshot.Api.Features.Snapshots.Planning;

/// <summary>Section <c>Snapshots</c>: bounds of one job, checked before any work starts.</summary>
public sealed class SnapshotOptions
{
    public const string SectionName = "Snapshots";

    /// <summary>Most snapshots one job may take.</summary>
    [Range(1, 1_000_000)]
    public int MaxSnapshotsPerJob { get; set; } = SnapshotPlanner.DefaultMaxSnapshots;

    /// <summary>Most pixels all sprite sheets of one job may hold together (default 500 megapixels).</summary>
    [Range(1, long.MaxValue)]
    public long SpritePixelBudget { get; set; } = 500_000_000;
}
