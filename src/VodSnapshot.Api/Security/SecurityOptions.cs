using System.Globalization;
using Microsoft.Extensions.Options;

namespace VodSnapshot.Api.Security;

/// <summary>Section <c>Security</c>: who may call the RPC surface, how often, and how large a call may be.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>
    /// Whether unsigned requests are served (the embedded local default). A request that carries <c>Signature</c> or
    /// <c>AccessKeyId</c> is always verified, whatever this says.
    /// </summary>
    public bool AllowAnonymous { get; set; } = true;

    /// <summary>
    /// Key pairs that may sign requests. When none are configured and anonymous calls are allowed (the embedded
    /// default), the documented <see cref="DevelopmentKey"/> is the one key, so the official SDKs work at once.
    /// </summary>
    public List<AccessKey> AccessKeys { get; set; } = [];

    /// <summary>
    /// The well-known development key pair, public by design (like a storage emulator's development account): it is
    /// printed in the README and in the start-up log, and any configured key list replaces it.
    /// </summary>
    public static AccessKey DevelopmentKey => new() { AccessKeyId = "LTAIVodSnapshotDevKey", AccessKeySecret = "VodSnapshotDevSecretNotForSharedUse" };

    /// <summary>Whether the keys are the development key alone, put there because none were configured.</summary>
    public bool UsesDevelopmentKey { get; private set; }

    /// <summary>Adds <see cref="DevelopmentKey"/> when no key is configured and anonymous calls are allowed.</summary>
    public void ApplyDevelopmentKey()
    {
        if (AccessKeys.Count == 0 && AllowAnonymous)
        {
            AccessKeys.Add(DevelopmentKey);
            UsesDevelopmentKey = true;
        }
    }

    /// <summary>Calls per second allowed per AccessKeyId (all anonymous calls share one budget); 0 turns throttling off.</summary>
    public int RateLimitPerSecond { get; set; }

    /// <summary>
    /// Most signature nonces remembered at once. Nonces are forgotten when their request could no longer be replayed;
    /// when the table is still full, signed calls are refused with <c>Throttling</c> rather than forgetting early.
    /// </summary>
    public int MaxTrackedNonces { get; set; } = 1_000_000;

    /// <summary>Largest request body on the RPC surface, in bytes.</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Longest query string on the RPC surface, in characters (as sent, still percent-encoded).</summary>
    public int MaxQueryStringLength { get; set; } = 32 * 1024;

    /// <summary>Most name/value pairs in one call, query string and form body together.</summary>
    public int MaxParameters { get; set; } = 100;
}

public sealed class AccessKey
{
    public string AccessKeyId { get; set; } = string.Empty;

    public string AccessKeySecret { get; set; } = string.Empty;
}

/// <summary>Refuses to start with keys that could never sign, keys that shadow each other, or bounds that refuse everything.</summary>
public sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.AccessKeys.Count; i++)
        {
            var key = options.AccessKeys[i];
            if (string.IsNullOrWhiteSpace(key.AccessKeyId))
            {
                failures.Add(Invariant($"Security:AccessKeys:{i}:AccessKeyId must not be empty."));
            }

            if (string.IsNullOrWhiteSpace(key.AccessKeySecret))
            {
                failures.Add(Invariant($"Security:AccessKeys:{i}:AccessKeySecret must not be empty."));
            }
        }

        failures.AddRange(options.AccessKeys
            .Where(k => !string.IsNullOrWhiteSpace(k.AccessKeyId))
            .GroupBy(k => k.AccessKeyId, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => $"Security:AccessKeys lists AccessKeyId \"{g.Key}\" more than once."));

        if (!options.AllowAnonymous && options.AccessKeys.Count == 0)
        {
            failures.Add("Security:AllowAnonymous is false but no Security:AccessKeys are configured, so no call could succeed.");
        }

        Positive(failures, nameof(options.MaxTrackedNonces), options.MaxTrackedNonces);
        Positive(failures, nameof(options.MaxBodyBytes), options.MaxBodyBytes);
        Positive(failures, nameof(options.MaxQueryStringLength), options.MaxQueryStringLength);
        Positive(failures, nameof(options.MaxParameters), options.MaxParameters);
        if (options.RateLimitPerSecond < 0)
        {
            failures.Add("Security:RateLimitPerSecond must be 0 (off) or positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string name, int value)
    {
        if (value <= 0)
        {
            failures.Add($"Security:{name} must be positive.");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
