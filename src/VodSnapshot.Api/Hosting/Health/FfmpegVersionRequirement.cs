using System.Globalization;
using System.Text.RegularExpressions;

namespace VodSnapshot.Api.Hosting.Health;

/// <summary>Whether a version string as ffmpeg prints it ("5.1.6-0+deb12u1", "n7.1", "7.0.2-static") meets a minimum. Pure.</summary>
public static partial class FfmpegVersionRequirement
{
    /// <summary>The release number in <paramref name="version"/>, or null for builds that carry none (git snapshots such as "N-113032-g…").</summary>
    public static Version? Release(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var match = ReleasePattern().Match(version);
        if (!match.Success)
        {
            return null;
        }

        var major = int.Parse(match.Groups["major"].Value, CultureInfo.InvariantCulture);
        var minor = match.Groups["minor"].Success ? int.Parse(match.Groups["minor"].Value, CultureInfo.InvariantCulture) : 0;
        var patch = match.Groups["patch"].Success ? int.Parse(match.Groups["patch"].Value, CultureInfo.InvariantCulture) : 0;
        return new Version(major, minor, patch);
    }

    /// <summary>Why <paramref name="version"/> of <paramref name="tool"/> is too old, or null when it is recent enough or carries no release number.</summary>
    public static string? Problem(string tool, string version, Version minimum)
    {
        ArgumentNullException.ThrowIfNull(minimum);
        var release = Release(version);
        var floor = new Version(minimum.Major, Math.Max(minimum.Minor, 0), Math.Max(minimum.Build, 0));
        return release is not null && release < floor
            ? string.Create(CultureInfo.InvariantCulture, $"{tool} {version} is older than {minimum}, the oldest release the engine works with (Health:MinimumFfmpegVersion).")
            : null;
    }

    [GeneratedRegex(@"^n?(?<major>\d{1,4})(\.(?<minor>\d{1,4}))?(\.(?<patch>\d{1,4}))?(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex ReleasePattern();
}
