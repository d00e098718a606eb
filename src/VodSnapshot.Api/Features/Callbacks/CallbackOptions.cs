using System.ComponentModel.DataAnnotations;

namespace VodSnapshot.Api.Features.Callbacks;

/// <summary>Section <c>Callback</c>: the global callback, how deliveries are made, retried and signed.</summary>
public sealed class CallbackOptions : IValidatableObject
{
    public const string SectionName = "Callback";

    /// <summary>The vendor's limit on a callback URL.</summary>
    public const int MaxUrlBytes = 256;

    /// <summary>The vendor's limit on the AuthKey (PrivateKey) of callback authentication.</summary>
    public const int MaxAuthKeyLength = 32;

    /// <summary>
    /// The global callback URL a new database starts with (its configuration for app-1000000: HTTP, EventTypeList ALL,
    /// signed with <see cref="AuthKey"/>); SetMessageCallback changes it from then on.
    /// </summary>
    public string? Url { get; set; }

    /// <summary>
    /// The vendor's rule: a UserData callback URL takes effect only when the global configuration is HTTP and lists the
    /// event (or ALL). On by default; false calls UserData URLs whatever the global configuration says.
    /// </summary>
    public bool VendorUserDataRule { get; set; } = true;

    /// <summary>A delivery attempt succeeds only on HTTP 200 within this time.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts per delivery (and per redelivery), the first included; the vendor makes 3.</summary>
    [Range(1, 20)]
    public int Attempts { get; set; } = 3;

    /// <summary>Pause between two attempts of one delivery; the vendor's are about a second apart.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The PrivateKey a new database's global configuration starts with (with <see cref="Url"/>, AuthSwitch on): every
    /// attempt then carries X-VOD-TIMESTAMP and X-VOD-SIGNATURE, and the body signature X-VodSnapshot-Signature.
    /// </summary>
    public string? AuthKey { get; set; }

    /// <summary>
    /// Whether callbacks may target private, loopback, link-local, unique-local, CGNAT, unspecified or reserved
    /// addresses. On by default, since a receiver on the developer's own machine is the common case; a shared
    /// deployment turns it off so a caller cannot make the service POST into its network.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; } = true;

    /// <summary>
    /// Whether callbacks may target link-local addresses or cloud instance-metadata endpoints (169.254.169.254,
    /// 100.100.100.200, fd00:ec2::254…), which <see cref="AllowPrivateNetworks"/> never opens. Off; leave it off: a
    /// caller who can name a callback URL would otherwise make the service POST to the machine's metadata service.
    /// </summary>
    public bool AllowLinkLocalAndMetadata { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(Url) && CallbackUrlRules.Problem(Url) is { } problem)
        {
            yield return new ValidationResult($"Callback:Url {problem}.", [nameof(Url)]);
        }

        if (AuthKey is not null && (AuthKey.Length is 0 or > MaxAuthKeyLength || AuthKey.Any(char.IsWhiteSpace)))
        {
            yield return new ValidationResult($"Callback:AuthKey must be 1 to {MaxAuthKeyLength} characters without white space, as the vendor's.", [nameof(AuthKey)]);
        }
    }
}
