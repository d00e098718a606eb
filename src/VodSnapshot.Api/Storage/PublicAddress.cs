using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace VodSnapshot.Api.Storage;

/// <summary>
/// The base of the image URLs a job hands out, fixed when the job is made: <c>Storage:PublicBaseUrl</c>; else the
/// address the request that made the job came in on; else (jobs the service makes itself, such as the covers of an
/// upload) the first address the service listens on, a wildcard host read as <c>localhost</c>.
/// </summary>
public sealed class PublicAddress(IOptions<StorageOptions> options, IServiceProvider services)
{
    private const string Fallback = "http://localhost";

    /// <param name="requestBase">The base URI of the request that makes the job, or null when no request does.</param>
    public string Base(Uri? requestBase)
    {
        if (!string.IsNullOrEmpty(options.Value.PublicBaseUrl))
        {
            return options.Value.PublicBaseUrl.TrimEnd('/');
        }

        return requestBase is not null ? requestBase.GetLeftPart(UriPartial.Path).TrimEnd('/') : Listening();
    }

    private string Listening()
    {
        var address = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null)
        {
            return Fallback;
        }

        // Kestrel's wildcard forms (http://+:80, http://*:80, http://0.0.0.0:80, http://[::]:80) are no host a client can call.
        var wildcard = address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal);
        return Uri.TryCreate(wildcard, UriKind.Absolute, out var uri)
            ? new UriBuilder(uri.Scheme, uri.Host is "0.0.0.0" or "[::]" or "::" ? "localhost" : uri.Host, uri.Port).Uri.GetLeftPart(UriPartial.Authority)
            : Fallback;
    }
}
