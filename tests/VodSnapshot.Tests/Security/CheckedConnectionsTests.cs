using System.Net;
using VodSnapshot.Api.Security;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Security;

/// <summary>The outbound handler: the address checked is the address connected to, on every hop.</summary>
public class CheckedConnectionsTests
{
    private static readonly Func<IPAddress, bool> OnlyLoopbackOne = a => a.Equals(IPAddress.Loopback);
    private static readonly Func<IPAddress, bool> PublicOnly = a => NetworkAddressPolicy.IsAllowed(a, allowPrivateNetworks: false);

    private static HttpClient Client(IHostAddressResolver resolver, Func<IPAddress, bool> isAllowed) =>
        new(CheckedConnections.CreateHandler(resolver, isAllowed)) { Timeout = TimeSpan.FromSeconds(10) };

    [Fact(Timeout = 60_000)]
    public async Task The_connection_goes_to_the_checked_address_not_to_a_second_lookup()
    {
        await using var server = await LoopbackServer.StartAsync();
        // A name no real resolver knows: the request can only succeed by connecting to what the check resolved.
        using var client = Client(new FakeHostResolver().Answer("media.test", "127.0.0.1"), OnlyLoopbackOne);

        var host = await client.GetStringAsync(server.Url("/host", "media.test"), TestContext.Current.CancellationToken);

        Assert.Equal($"media.test:{server.Port}", host);
    }

    [Fact(Timeout = 60_000)]
    public async Task Private_addresses_are_refused_without_connecting()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var client = Client(new FakeHostResolver(), PublicOnly);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(server.Url("/media.mp4"), TestContext.Current.CancellationToken));

        Assert.IsType<NetworkAddressRefusedException>(error.InnerException);
        Assert.Equal(0, server.Requests);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_name_with_any_disallowed_address_is_refused_even_if_another_is_allowed()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var client = Client(new FakeHostResolver().Answer("mixed.test", "127.0.0.1", "127.0.0.2"), OnlyLoopbackOne);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(server.Url("/media.mp4", "mixed.test"), TestContext.Current.CancellationToken));

        Assert.Equal(IPAddress.Parse("127.0.0.2"), Assert.IsType<NetworkAddressRefusedException>(error.InnerException).Address);
        Assert.Equal(0, server.Requests);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_redirect_to_a_disallowed_address_is_refused_at_the_hop()
    {
        await using var server = await LoopbackServer.StartAsync();
        var resolver = new FakeHostResolver().Answer("inside.test", "10.0.0.7");
        using var client = Client(resolver, OnlyLoopbackOne);

        foreach (var target in new[] { $"http://127.0.0.2:{server.Port}/media.mp4", "http://inside.test/latest/meta-data", "http://169.254.169.254/latest/meta-data" })
        {
            var error = await Assert.ThrowsAsync<HttpRequestException>(() =>
                client.GetAsync(server.Url("/redirect?to=" + Uri.EscapeDataString(target)), TestContext.Current.CancellationToken));
            Assert.IsType<NetworkAddressRefusedException>(error.InnerException);
        }

        Assert.Equal(3, server.Requests);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_redirect_to_an_allowed_address_is_followed()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var client = Client(new FakeHostResolver().Answer("media.test", "127.0.0.1"), OnlyLoopbackOne);

        using var response = await client.GetAsync(server.Url("/redirect?to=" + Uri.EscapeDataString(server.Url("/media.mp4", "media.test"))), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, server.Requests);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_name_that_changes_its_answer_after_the_check_is_refused_at_connect()
    {
        await using var server = await LoopbackServer.StartAsync();
        var resolver = new FakeHostResolver().Answer("rebind.test", "8.8.8.8").Answer("rebind.test", "127.0.0.1");
        using var client = Client(resolver, PublicOnly);

        Assert.Single(await resolver.ResolveAllowedAsync("rebind.test", PublicOnly, TestContext.Current.CancellationToken));
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(server.Url("/media.mp4", "rebind.test"), TestContext.Current.CancellationToken));

        Assert.IsType<NetworkAddressRefusedException>(error.InnerException);
        Assert.Equal(0, server.Requests);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("[::1]", "::1")]
    [InlineData("::ffff:10.0.0.1", "::ffff:10.0.0.1")]
    public async Task The_system_resolver_returns_address_literals_as_they_are(string host, string address)
    {
        Assert.Equal([IPAddress.Parse(address)], await new SystemHostAddressResolver().ResolveAsync(host, TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = 60_000)]
    public async Task Localhost_resolves_only_to_loopback_and_is_refused()
    {
        var addresses = await new SystemHostAddressResolver().ResolveAsync("localhost", TestContext.Current.CancellationToken);

        Assert.NotEmpty(addresses);
        Assert.All(addresses, a => Assert.Equal(NetworkAddressKind.Loopback, NetworkAddressPolicy.Classify(a)));
        await Assert.ThrowsAsync<NetworkAddressRefusedException>(() =>
            new SystemHostAddressResolver().ResolveAllowedAsync("localhost", PublicOnly, TestContext.Current.CancellationToken));
    }
}
