namespace VodSnapshot.Api.Features.Media;

/// <summary>Section <c>Media</c>: where registered media may come from.</summary>
public sealed class MediaOptions
{
    public const string SectionName = "Media";

    /// <summary>
    /// Folders from which <c>file://</c> FileURLs may be registered. Relative paths are under the working directory.
    /// The uploads folder is always allowed. When unset: <c>samples/media</c>.
    /// </summary>
    public List<string> Roots { get; set; } = [];

    /// <summary>Whether <c>http(s)://</c> FileURLs may be registered (they are downloaded into storage).</summary>
    public bool AllowRemoteUrls { get; set; }

    /// <summary>
    /// Whether remote FileURLs may point at private, loopback, link-local, unique-local, CGNAT, unspecified or reserved
    /// addresses (e.g. a media server on the same machine or LAN). Off by default: a caller must not be able to make the
    /// service fetch from its own network, or from a cloud metadata endpoint.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// Whether remote FileURLs may point at link-local addresses or cloud instance-metadata endpoints (169.254.169.254,
    /// 100.100.100.200, fd00:ec2::254…), which <see cref="AllowPrivateNetworks"/> never opens. Leave it off: on a cloud
    /// machine such an address hands out the machine's own credentials to whoever can make the service fetch it.
    /// </summary>
    public bool AllowLinkLocalAndMetadata { get; set; }

    /// <summary>Largest file accepted by upload or remote download, in bytes (default 2 GiB).</summary>
    public long MaxFileBytes { get; set; } = 2L * 1024 * 1024 * 1024;
}
