using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace VodSnapshot.Api.Features.Uploads;

/// <summary>Section <c>Uploads</c>: the OSS-compatible upload endpoint CreateUploadVideo hands out, and its credentials.</summary>
public sealed partial class UploadOptions : IValidatableObject
{
    public const string SectionName = "Uploads";

    /// <summary>
    /// The Endpoint handed out in UploadAddress (scheme, IPv4 host or name, port). When empty: the address the call
    /// came in on, with <c>localhost</c> replaced by <c>127.0.0.1</c> (Node clients cannot resolve
    /// <c>bucket.localhost</c>; with an IP endpoint they put the key in the path).
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>The bucket every upload goes to, named like the vendor's (<c>outin-</c> and 32 hex digits).</summary>
    public string Bucket { get; set; } = "outin-5e6f0a1c9b2d4e7f8a3b6c1d0e9f2a4b";

    /// <summary>The region reported in UploadAuth.</summary>
    public string Region { get; set; } = "cn-shanghai";

    /// <summary>How long temporary upload credentials are valid; the vendor's documentation says 3000 s.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan CredentialLifetime { get; set; } = TimeSpan.FromSeconds(3000);

    /// <summary>Largest clock difference a signed OSS request may show (OSS allows 15 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(15);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!BucketName().IsMatch(Bucket))
        {
            yield return new ValidationResult("Uploads:Bucket must be 3 to 63 lower-case letters, digits and hyphens, starting and ending with a letter or digit.", [nameof(Bucket)]);
        }

        if (!string.IsNullOrEmpty(Endpoint)
            && !(Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/" && uri.Query.Length == 0
                && uri.HostNameType is not UriHostNameType.IPv6))
        {
            yield return new ValidationResult("Uploads:Endpoint must be an http(s) URL with a host name or IPv4 address, an optional port and no path.", [nameof(Endpoint)]);
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex BucketName();
}
