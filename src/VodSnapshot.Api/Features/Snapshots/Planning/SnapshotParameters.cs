using System.Globalization;
using System.Text.Json;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Snapshots.Planning;

/// <summary>
/// Reads SubmitSnapshotJob's scalar request parameters. Every failure is
/// <c>InvalidParameter</c> naming the parameter. An empty value counts as not given: SDKs that send unset
/// optional fields send them empty, and their users mean the default.
/// </summary>
public static class SnapshotParameters
{
    /// <summary>The vendor's limit on explicit capture points.</summary>
    public const int MaxSpecifiedOffsetTimes = 30;

    public const int MinReferenceIdLength = 6;

    public const int MaxReferenceIdLength = 64;

    private const string OffsetTimesName = "SpecifiedOffsetTimes";

    /// <summary>Reads a Long parameter in [<paramref name="minimum"/>, <paramref name="maximum"/>]; null when not given.</summary>
    public static long? ParseInt64(string name, string? value, long minimum, long maximum = long.MaxValue) =>
        IntegerText.ParseParameter(name, value, minimum, maximum);

    /// <summary>Time of the first snapshot in milliseconds, ≥ 0.</summary>
    public static long? SpecifiedOffsetTime(string? value) => ParseInt64("SpecifiedOffsetTime", value, 0);

    /// <summary>Maximum number of snapshots, ≥ 1.</summary>
    public static long? Count(string? value) => ParseInt64("Count", value, 1);

    /// <summary>Seconds between snapshots, ≥ 0 (0 spreads Count snapshots evenly).</summary>
    public static long? Interval(string? value) => ParseInt64("Interval", value, 0);

    /// <summary>
    /// Explicit capture points in milliseconds, from either wire form: one JSON array string
    /// (<c>SpecifiedOffsetTimes=[1000,"5000"]</c>, as the generated SDKs send it) or pop-core's flattened
    /// <c>SpecifiedOffsetTimes.1=1000&amp;SpecifiedOffsetTimes.2=5000</c>. Null when neither is given.
    /// An empty list is refused rather than read as "not given": a caller who sends the parameter means to pick
    /// the times, and silently falling back to offset/count planning would hide their mistake.
    /// Sending both forms at once is refused as ambiguous.
    /// </summary>
    public static IReadOnlyList<long>? SpecifiedOffsetTimes(IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.TryGetValue(OffsetTimesName, out var json);
        var flattened = parameters
            .Where(p => p.Key.StartsWith(OffsetTimesName + ".", StringComparison.Ordinal))
            .ToList();

        if (!string.IsNullOrEmpty(json) && flattened.Count > 0)
        {
            throw RpcErrors.InvalidParameter(OffsetTimesName, "Send either a JSON array or SpecifiedOffsetTimes.N values, not both.");
        }

        if (flattened.Count > 0)
        {
            return FromFlattened(flattened);
        }

        return string.IsNullOrEmpty(json) ? null : FromJsonArray(json);
    }

    /// <summary>Checks a list of explicit times against the vendor's rules, whichever way it arrived.</summary>
    public static void ValidateSpecifiedOffsetTimes(IReadOnlyList<long> times)
    {
        ArgumentNullException.ThrowIfNull(times);
        CheckCount(times.Count);
        foreach (var time in times)
        {
            if (time < 0)
            {
                throw NegativeTime(time.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>
    /// The caller's own ID for the job: 6–64 characters of <c>[A-Za-z0-9_-]</c>. Null when not given.
    /// </summary>
    public static string? ReferenceId(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length is < MinReferenceIdLength or > MaxReferenceIdLength || !value.All(IsReferenceIdChar))
        {
            throw RpcErrors.InvalidParameter("ReferenceId", string.Create(CultureInfo.InvariantCulture,
                $"It must be {MinReferenceIdLength} to {MaxReferenceIdLength} characters of letters, digits, '_' and '-'."));
        }

        return value;
    }

    /// <summary>Everything the planner needs from one request's parameters.</summary>
    public static SnapshotTiming Timing(IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new SnapshotTiming(
            SpecifiedOffsetTime(parameters.GetValueOrDefault("SpecifiedOffsetTime")),
            Count(parameters.GetValueOrDefault("Count")),
            Interval(parameters.GetValueOrDefault("Interval")),
            SpecifiedOffsetTimes(parameters));
    }

    private static bool IsReferenceIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';

    private static List<long> FromJsonArray(string json)
    {
        using (var document = RpcJsonInput.Parse(json, OffsetTimesName, "It must be a JSON array of times in milliseconds."))
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw RpcErrors.InvalidParameter(OffsetTimesName, "It must be a JSON array of times in milliseconds.");
            }

            CheckCount(document.RootElement.GetArrayLength());
            var times = new List<long>();
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (!JsonValues.TryReadInt64(item, out var time))
                {
                    throw RpcErrors.InvalidParameter(OffsetTimesName,
                        $"Each time must be a whole number of milliseconds; {item.GetRawText()} is not.");
                }

                if (time < 0)
                {
                    throw NegativeTime(item.GetRawText());
                }

                times.Add(time);
            }

            return times;
        }
    }

    private static List<long> FromFlattened(List<KeyValuePair<string, string>> flattened)
    {
        CheckCount(flattened.Count);
        var byIndex = new SortedDictionary<long, long>();
        foreach (var (key, value) in flattened)
        {
            var suffix = key[(OffsetTimesName.Length + 1)..];
            if (!IntegerText.TryParseInt64(suffix, out var index) || index < 1 || !byIndex.TryAdd(index, 0))
            {
                throw RpcErrors.InvalidParameter(OffsetTimesName, $"\"{key}\" is not a valid list position.");
            }

            if (!IntegerText.TryParseInt64(value, out var time))
            {
                throw RpcErrors.InvalidParameter(OffsetTimesName,
                    $"Each time must be a whole number of milliseconds; \"{value}\" is not.");
            }

            if (time < 0)
            {
                throw NegativeTime(value);
            }

            byIndex[index] = time;
        }

        return [.. byIndex.Values];
    }

    private static void CheckCount(int count)
    {
        if (count == 0)
        {
            throw RpcErrors.InvalidParameter(OffsetTimesName, "It must list at least one time.");
        }

        if (count > MaxSpecifiedOffsetTimes)
        {
            throw RpcErrors.InvalidParameter(OffsetTimesName, string.Create(CultureInfo.InvariantCulture,
                $"At most {MaxSpecifiedOffsetTimes} times are allowed; {count} were given."));
        }
    }

    private static RpcException NegativeTime(string shown) =>
        RpcErrors.InvalidParameter(OffsetTimesName, $"Times must not be negative; {shown} is.");
}
