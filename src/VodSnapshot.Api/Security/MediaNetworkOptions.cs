namespace VodSnapshot.Api.Security;

/// <summary>
/// The network switch of section <c>Media</c>, bound on its own so that the address policy and the switch that relaxes
/// it are reviewed together.
/// </summary>
public sealed class MediaNetworkOptions
{
    public const string SectionName = "Media";

    /// <summary>
    /// Whether remote FileURLs may point at private, loopback, link-local, unique-local, CGNAT, unspecified or reserved
    /// addresses (e.g. a media server on the same machine or LAN). Off by default: a caller must not be able to make the
    /// service fetch from its own network, or from a cloud metadata endpoint.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }
}
