using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Rpc;
using VodSnapshot.Api.Security;

namespace VodSnapshot.Api.Features.Callbacks;

/// <summary>
/// The early check of a callback URL, when it is handed in (SubmitSnapshotJob, RegisterMedia): http or https, at most
/// 256 bytes, and, unless <c>Callback:AllowPrivateNetworks</c>, a host that resolves only to public addresses. The
/// caller hears of a bad URL at once, as InvalidParameter naming UserData. It is the early answer only: every delivery
/// connection resolves and checks again and connects to what it checked, so a name whose answer changes later is
/// still refused then.
/// </summary>
public sealed class CallbackUrlPolicy(IOptions<CallbackOptions> options, IHostAddressResolver hosts)
{
    public const string ParameterName = "UserData";

    private static readonly TimeSpan HostCheckTimeout = TimeSpan.FromSeconds(5);

    /// <param name="url">The callback URL.</param>
    /// <param name="origin">Where it came from, for the message (e.g. "MessageCallback.CallbackURL").</param>
    /// <param name="cancellationToken">The request's.</param>
    /// <param name="parameterName">The parameter a refusal names (UserData unless the URL is a parameter of its own).</param>
    public async Task CheckAsync(string url, string origin, CancellationToken cancellationToken, string parameterName = ParameterName)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (CallbackUrlRules.Problem(url) is { } problem)
        {
            throw RpcErrors.InvalidParameter(parameterName, $"The callback URL ({origin}) {problem}.");
        }

        var allowPrivate = options.Value.AllowPrivateNetworks;
        var allowLinkLocal = options.Value.AllowLinkLocalAndMetadata;
        if (allowPrivate && allowLinkLocal)
        {
            return;
        }

        IPAddress[] addresses;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(HostCheckTimeout);
            addresses = await hosts.ResolveAsync(new Uri(url).IdnHost, timeout.Token);
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Not resolvable now: deliveries cannot connect either, and each failed attempt is in the delivery log.
            return;
        }

        if (addresses.FirstOrDefault(a => !NetworkAddressPolicy.IsAllowed(a, allowPrivate, allowLinkLocal)) is { } refused)
        {
            throw RpcErrors.InvalidParameter(parameterName, NetworkAddressPolicy.IsLinkLocalOrMetadata(refused)
                ? $"The callback URL ({origin}) points at a link-local address or a cloud metadata endpoint, which this service never calls whatever Callback:AllowPrivateNetworks says (only Callback:AllowLinkLocalAndMetadata opens them)."
                : $"The callback URL ({origin}) points at a private, loopback, link-local or reserved network, which this service may not call (Callback:AllowPrivateNetworks).");
        }
    }
}
