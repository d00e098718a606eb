using System.Globalization;
using System.Text;

namespace VodSnapshot.Api.Features.Callbacks;

/// <summary>The form rules every callback URL follows, wherever it comes from (pure; the network rule is apart).</summary>
public static class CallbackUrlRules
{
    /// <summary>What is wrong with <paramref name="url"/> as a callback URL (a predicate such as "must be …"), or null when its form is fine.</summary>
    public static string? Problem(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return "must be an absolute http or https URL";
        }

        return Problem(uri);
    }

    /// <summary>What is wrong with <paramref name="uri"/> as a callback URL, or null when its form is fine.</summary>
    public static string? Problem(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return "must be an absolute http or https URL";
        }

        // The URL actually called (and signed) is the normalised one, which may be longer than what was written.
        var bytes = Encoding.UTF8.GetByteCount(uri.AbsoluteUri);
        return bytes > CallbackOptions.MaxUrlBytes
            ? string.Create(CultureInfo.InvariantCulture, $"must be at most {CallbackOptions.MaxUrlBytes} bytes (it is {bytes})")
            : null;
    }
}
