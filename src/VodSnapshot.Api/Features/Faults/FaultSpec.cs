using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Faults;

/// <summary>What an injected callback fault does to the attempts of a delivery's first round.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CallbackFaultMode>))]
public enum CallbackFaultMode
{
    /// <summary>The attempt is not sent; it is logged as failed, as if the URL could not be reached.</summary>
    Drop,

    /// <summary>The attempt is sent, but its answer counts as a failure, so the receiver sees the event again.</summary>
    Reject,
}

/// <param name="Mode">What happens to an affected attempt.</param>
/// <param name="Attempts">How many attempts of the first round are affected; null for all of them.</param>
public sealed record CallbackFault(CallbackFaultMode Mode, int? Attempts)
{
    /// <summary>Whether attempt <paramref name="number"/> (1-based) of round <paramref name="round"/> is affected; redeliveries never are.</summary>
    public bool Affects(int round, int number) => round == 1 && (Attempts is null || number <= Attempts);

    public override string ToString() =>
        (Mode == CallbackFaultMode.Drop ? "drop" : "reject") + (Attempts is { } n ? string.Create(CultureInfo.InvariantCulture, $":{n}") : string.Empty);
}

/// <summary>
/// Emulator-only faults of one job, for callers testing their own error handling. Written as
/// <c>fail=&lt;ErrorCode&gt;; delay=&lt;seconds&gt;; callback=drop|reject[:N]</c> (items separated by <c>;</c> or <c>,</c>,
/// or <c>none</c>). Pure, so the syntax is unit-tested; <see cref="Parse"/> throws InvalidParameter naming where the text came from.
/// </summary>
/// <param name="FailWith">The job fails with this error code instead of producing images.</param>
/// <param name="DelaySeconds">Each run of the job waits this long after extracting its frames and before publishing them.</param>
/// <param name="Callback">What happens to the callback's first attempts.</param>
public sealed partial record FaultSpec(string? FailWith = null, int? DelaySeconds = null, CallbackFault? Callback = null)
{
    public const int MaxDelaySeconds = 600;
    public const int MaxTextLength = 256;
    public const int MaxCallbackAttempts = 20;

    public static FaultSpec None { get; } = new();

    [JsonIgnore]
    public bool IsEmpty => FailWith is null && DelaySeconds is null && Callback is null;

    /// <summary>Reads the fault text; <paramref name="source"/> names the header, field or setting it came from.</summary>
    public static FaultSpec Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxTextLength)
        {
            throw Error(source, string.Create(CultureInfo.InvariantCulture, $"The fault text must be at most {MaxTextLength} characters."));
        }

        var trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return None;
        }

        string? fail = null;
        int? delay = null;
        CallbackFault? callback = null;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in trimmed.Split([';', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? item : item[..equals].Trim();
            var value = equals < 0 ? string.Empty : item[(equals + 1)..].Trim();
            if (!seen.Add(key))
            {
                throw Error(source, $"The fault \"{key}\" is given more than once.");
            }

            switch (key.ToLowerInvariant())
            {
                case "fail":
                    fail = ParseFailWith(value, source);
                    break;
                case "delay":
                    delay = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= MaxDelaySeconds
                        ? seconds
                        : throw Error(source, string.Create(CultureInfo.InvariantCulture, $"delay= needs whole seconds from 0 to {MaxDelaySeconds}."));
                    break;
                case "callback":
                    callback = ParseCallback(value, source);
                    break;
                default:
                    throw Error(source, $"Unknown fault \"{key}\"; the faults are fail, delay and callback.");
            }
        }

        // No delay and a delay of zero are the same fault set, so they compare and print the same.
        return new FaultSpec(fail, delay is 0 ? null : delay, callback);
    }

    /// <summary>The canonical text of these faults (what <see cref="Parse"/> reads back), <c>none</c> when empty.</summary>
    public override string ToString()
    {
        var items = new List<string>();
        if (FailWith is not null)
        {
            items.Add("fail=" + FailWith);
        }

        if (DelaySeconds is not null)
        {
            items.Add(string.Create(CultureInfo.InvariantCulture, $"delay={DelaySeconds}"));
        }

        if (Callback is not null)
        {
            items.Add("callback=" + Callback);
        }

        return items.Count == 0 ? "none" : string.Join("; ", items);
    }

    /// <summary>The value of <c>fail=</c>: an error code such as InternalError.</summary>
    public static string ParseFailWith(string value, string source) =>
        ErrorCode().IsMatch(value) ? value : throw Error(source, "fail= needs an error code such as InternalError (letters, digits, '.', '_' or '-', at most 64).");

    /// <summary>The value of <c>callback=</c>: <c>drop</c> or <c>reject</c>, optionally <c>:N</c>.</summary>
    public static CallbackFault ParseCallback(string value, string source) =>
        TryParseCallback(value) ?? throw Error(source, string.Create(CultureInfo.InvariantCulture, $"callback= needs drop or reject, optionally with :N attempts (1 to {MaxCallbackAttempts})."));

    private static CallbackFault? TryParseCallback(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var mode = (colon < 0 ? value : value[..colon]).Trim().ToLowerInvariant() switch
        {
            "drop" => CallbackFaultMode.Drop,
            "reject" => CallbackFaultMode.Reject,
            _ => (CallbackFaultMode?)null,
        };
        if (mode is null)
        {
            return null;
        }

        if (colon < 0)
        {
            return new CallbackFault(mode.Value, null);
        }

        return int.TryParse(value[(colon + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxCallbackAttempts
            ? new CallbackFault(mode.Value, n)
            : null;
    }

    private static RpcException Error(string source, string detail) => RpcErrors.InvalidParameter(source, detail);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex ErrorCode();
}
