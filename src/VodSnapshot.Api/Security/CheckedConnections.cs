using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace VodSnapshot.Api.Security;

/// <summary>Turns a host name into addresses. A seam so tests can make a name resolve to anything without DNS.</summary>
public interface IHostAddressResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>The system resolver; address literals (with or without IPv6 brackets) are returned as they are.</summary>
public sealed class SystemHostAddressResolver : IHostAddressResolver
{
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        return IPAddress.TryParse(bare, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(bare, cancellationToken);
    }
}

/// <summary>A connection refused because the host resolved to an address the network policy does not allow.</summary>
public sealed class NetworkAddressRefusedException(string host, IPAddress address)
    : Exception($"The host \"{host}\" resolves to {address} ({NetworkAddressPolicy.Classify(address)}), which this service may not connect to.")
{
    public string Host { get; } = host;

    public IPAddress Address { get; } = address;
}

/// <summary>
/// Outbound HTTP that only ever talks to allowed addresses. The check and the connection use the same resolution:
/// the handler resolves the name once, refuses it if <em>any</em> address is disallowed (a name with one public and one
/// private address is a classic bypass), and then connects to exactly those addresses, so a DNS answer that changes
/// between check and connect (rebinding) cannot redirect it. Every redirect hop opens its connection through the same
/// callback, so redirects are re-checked; proxies are off, since with a proxy the checked address would be the proxy's.
/// </summary>
public static class CheckedConnections
{
    /// <summary>Resolves <paramref name="host"/>; throws <see cref="NetworkAddressRefusedException"/> if any address is disallowed.</summary>
    public static async Task<IPAddress[]> ResolveAllowedAsync(this IHostAddressResolver resolver, string host, Func<IPAddress, bool> isAllowed, CancellationToken ct)
    {
        var addresses = await resolver.ResolveAsync(host, ct);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        foreach (var address in addresses)
        {
            if (!isAllowed(address))
            {
                throw new NetworkAddressRefusedException(host, address);
            }
        }

        return addresses;
    }

    /// <summary>A handler whose every connection goes through <see cref="ResolveAllowedAsync"/>.</summary>
    public static SocketsHttpHandler CreateHandler(IHostAddressResolver resolver, Func<IPAddress, bool> isAllowed, int maxRedirects = 5) => new()
    {
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = maxRedirects > 0,
        MaxAutomaticRedirections = Math.Max(1, maxRedirects),
        ConnectCallback = async (context, ct) =>
        {
            var addresses = await resolver.ResolveAllowedAsync(context.DnsEndPoint.Host, isAllowed, ct);
            return await ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
        },
    };

    /// <summary>
    /// Makes a named HttpClient's connections checked against <see cref="NetworkAddressPolicy"/>;
    /// <paramref name="allowPrivateNetworks"/> reads the switch of the feature that owns the client, and
    /// <paramref name="maxRedirects"/> 0 turns redirects off (the 3xx answer is returned as it is), and
    /// <paramref name="allowLinkLocalAndMetadata"/> reads the feature's own switch for link-local and metadata addresses
    /// (closed when not given).
    /// </summary>
    public static IHttpClientBuilder UseNetworkAddressPolicy(this IHttpClientBuilder builder, Func<IServiceProvider, bool> allowPrivateNetworks, int maxRedirects = 5,
        Func<IServiceProvider, bool>? allowLinkLocalAndMetadata = null)
    {
        builder.Services.TryAddSingleton<IHostAddressResolver, SystemHostAddressResolver>();
        return builder.ConfigurePrimaryHttpMessageHandler(sp =>
        {
            var allowPrivate = allowPrivateNetworks(sp);
            var allowLinkLocal = allowLinkLocalAndMetadata?.Invoke(sp) ?? false;
            return CreateHandler(sp.GetRequiredService<IHostAddressResolver>(), a => NetworkAddressPolicy.IsAllowed(a, allowPrivate, allowLinkLocal), maxRedirects);
        });
    }

    private static async Task<Stream> ConnectAsync(IPAddress[] addresses, int port, CancellationToken ct)
    {
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }
}
