using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Rpc;
using VodSnapshot.Api.Security;
using VodSnapshot.Api.Storage;

namespace VodSnapshot.Api.Features.Media;

/// <summary>Where a FileURL's bytes are: a local file inside a media root, or a remote URL to fetch.</summary>
public abstract record MediaSource
{
    /// <summary>What identifies the media: the same file or URL is one video, however its FileURL was spelled.</summary>
    public abstract string Key { get; }

    /// <summary>A file by its real path; its key is the canonical file:// URL of that path.</summary>
    public sealed record Local(string Path) : MediaSource
    {
        public override string Key => new Uri(Path).AbsoluteUri;
    }

    /// <summary>A remote URL; its key is the FileURL as given.</summary>
    public sealed record Remote(Uri Url, string FileUrl) : MediaSource
    {
        public override string Key => FileUrl;
    }
}

/// <summary>
/// Turns a FileURL into a media source the service may read: <c>file://</c> paths only inside the
/// configured media roots or the uploads folder (after following symbolic links), <c>http(s)://</c> only when remote
/// media is enabled. Anything else is refused before anything is stored.
/// </summary>
public sealed class MediaSourceResolver
{
    public const string DefaultRoot = "samples/media";

    private readonly IReadOnlyList<string> _roots;
    private readonly bool _allowRemote;

    // Remote-URL network checks: without a resolver given, the system resolver is used.
    private static readonly TimeSpan HostCheckTimeout = TimeSpan.FromSeconds(10);
    private readonly bool _allowPrivateNetworks;
    private readonly bool _allowLinkLocal;
    private readonly IHostAddressResolver _hosts;

    public MediaSourceResolver(
        IOptions<MediaOptions> media,
        IOptions<StorageOptions> storage,
        IHostAddressResolver? hosts = null)
    {
        var configured = media.Value.Roots.Count > 0 ? media.Value.Roots : [DefaultRoot];
        _roots = [.. configured.Append(storage.Value.UploadsFolder).Select(r => RealPath.Resolve(Path.GetFullPath(r)))];
        _allowRemote = media.Value.AllowRemoteUrls;
        _allowPrivateNetworks = media.Value.AllowPrivateNetworks;
        _allowLinkLocal = media.Value.AllowLinkLocalAndMetadata;
        _hosts = hosts ?? new SystemHostAddressResolver();
    }

    public IReadOnlyList<string> Roots => _roots;

    public MediaSource Resolve(string fileUrl, string parameterName)
    {
        if (!Uri.TryCreate(fileUrl, UriKind.Absolute, out var uri))
        {
            throw RpcErrors.InvalidParameter(parameterName, "FileURL must be an absolute file:// or http(s):// URL.");
        }

        if (uri.Scheme == Uri.UriSchemeFile)
        {
            return new MediaSource.Local(ResolveLocal(uri, parameterName));
        }

        if (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        {
            if (!_allowRemote)
            {
                throw RpcErrors.InvalidParameter(parameterName, "Remote FileURLs are disabled on this service (Media:AllowRemoteUrls).");
            }

            CheckRemoteHost(uri, parameterName);
            return new MediaSource.Remote(uri, fileUrl);
        }

        throw RpcErrors.InvalidParameter(parameterName, "FileURL must be a file:// or http(s):// URL.");
    }

    private string ResolveLocal(Uri uri, string parameterName)
    {
        if (!uri.IsLoopback && !string.IsNullOrEmpty(uri.Host))
        {
            throw RpcErrors.InvalidParameter(parameterName, "A file:// FileURL must name a local path (file:///path).");
        }

        // A query or fragment means nothing to a local file; accepting it would make one file several videos.
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw RpcErrors.InvalidParameter(parameterName, "A file:// FileURL must not carry a query (?...) or a fragment (#...).");
        }

        var localPath = uri.LocalPath;
        if (InputText.FindRefused(localPath) >= 0)
        {
            throw RpcErrors.InvalidParameter(parameterName, "The FileURL's path must not hold NUL or control characters (such as %00).");
        }

        string real;
        try
        {
            real = RealPath.Resolve(localPath);
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            throw RpcErrors.InvalidParameter(parameterName, "The FileURL cannot be resolved.");
        }

        if (!_roots.Any(root => RealPath.IsUnder(real, root)))
        {
            throw RpcErrors.InvalidParameter(parameterName, "The FileURL is outside the media roots this service may read (Media:Roots).");
        }

        // Checked before anything opens it: opening a FIFO blocks until a writer comes, reading a device never ends.
        if (FileKind.Of(real) is FileKindResult.Special or FileKindResult.Directory)
        {
            throw RpcErrors.InvalidParameter(parameterName, "The FileURL must name a regular file, not a folder, FIFO, socket or device.");
        }

        return real;
    }

    /// <summary>
    /// Refuses a host that resolves to any address outside the network policy, so the caller gets InvalidParameter
    /// before anything is stored. This is the early answer only: the download's connection resolves and checks again
    /// and connects to what it checked, so a name that changes its answer in between is still refused there.
    /// </summary>
    private void CheckRemoteHost(Uri uri, string parameterName)
    {
        IPAddress[] addresses;
        try
        {
            // Blocking here keeps Resolve synchronous: callers check every item before any is stored.
            using var timeout = new CancellationTokenSource(HostCheckTimeout);
            addresses = _hosts.ResolveAsync(uri.IdnHost, timeout.Token).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            // Not resolvable now: the download cannot connect either and reports the FileURL as failed.
            return;
        }

        if (addresses.FirstOrDefault(a => !NetworkAddressPolicy.IsAllowed(a, _allowPrivateNetworks, _allowLinkLocal)) is { } refused)
        {
            throw RpcErrors.InvalidParameter(parameterName, NetworkAddressPolicy.IsLinkLocalOrMetadata(refused)
                ? "The FileURL's host is a link-local address or a cloud metadata endpoint, which this service never fetches from whatever Media:AllowPrivateNetworks says (only Media:AllowLinkLocalAndMetadata opens them)."
                : "The FileURL's host is on a private, loopback, link-local or reserved network, which this service may not fetch from (Media:AllowPrivateNetworks).");
        }
    }
}
