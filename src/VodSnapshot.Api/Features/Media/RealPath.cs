namespace VodSnapshot.Api.Features.Media;

/// <summary>
/// Resolves a path to its real location, following symbolic links in every component, so that a link inside a
/// media root cannot point the service at a file outside it.
/// </summary>
public static class RealPath
{
    private const int MaxLinks = 40;

    public static string Resolve(string path)
    {
        var pending = new Stack<string>(Path.GetFullPath(path).Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse());
        var current = Path.GetPathRoot(Path.GetFullPath(path)) ?? "/";
        var links = 0;
        while (pending.Count > 0)
        {
            var next = Path.Combine(current, pending.Pop());
            var target = LinkTarget(next);
            if (target is null)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new IOException("Too many levels of symbolic links.");
            }

            var resolved = Path.GetFullPath(target, current);
            foreach (var part in resolved.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse())
            {
                pending.Push(part);
            }

            current = Path.GetPathRoot(resolved) ?? "/";
        }

        return current;
    }

    /// <summary>True when <paramref name="path"/> (already real) lies inside <paramref name="root"/> (already real).</summary>
    public static bool IsUnder(string path, string root)
    {
        var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, StringComparison.Ordinal);
    }

    private static string? LinkTarget(string path)
    {
        FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
        return info.Exists || info.LinkTarget is not null ? info.LinkTarget : null;
    }
}
