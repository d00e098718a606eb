using System.Buffers;

namespace VodSnapshot.Api.Persistence;

/// <summary>
/// The service's ids (videos, jobs, templates) are 32 lower-case hex characters. Anything else is refused before it
/// reaches a query or a path.
/// </summary>
public static class Ids
{
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    public static string New() => Guid.NewGuid().ToString("N");

    public static bool IsValid(string? id) => id is { Length: 32 } && !id.AsSpan().ContainsAnyExcept(LowerHex);
}
