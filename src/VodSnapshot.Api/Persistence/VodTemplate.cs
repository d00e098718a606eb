namespace VodSnapshot.Api.Persistence;

/// <summary>
/// A stored snapshot template. <see cref="TemplateConfig"/> is kept exactly as the caller sent it, because the
/// vendor returns it as that same JSON string; it was fully checked before it was stored.
/// </summary>
public sealed class VodTemplate
{
    /// <summary>32 lower-case hex characters, like every id of the service.</summary>
    public required string Id { get; init; }

    public required string Name { get; set; }

    /// <summary>Always <c>Snapshot</c>: the only template type the service runs.</summary>
    public required string TemplateType { get; init; }

    public required string TemplateConfig { get; set; }

    public required string AppId { get; init; }

    /// <summary>Answered as <c>IsDefault: Default</c>; informational only, no action applies a template implicitly.</summary>
    public bool IsDefault { get; set; }

    /// <summary><c>System</c> for the templates the service seeds, <c>Custom</c> for the caller's.</summary>
    public required string Source { get; init; }

    public DateTimeOffset CreationTime { get; init; }

    public DateTimeOffset ModifyTime { get; set; }
}

/// <summary>
/// A one-time initialisation step that has run on this database (such as seeding the templates), so that it never runs
/// again: what the user deleted afterwards stays deleted.
/// </summary>
public sealed class SeedRecord
{
    public required string Name { get; init; }

    public DateTimeOffset AppliedTime { get; init; }
}
