using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VodSnapshot.Api.Features.Callbacks;
using VodSnapshot.Api.Features.Media;
using VodSnapshot.Api.Security;
using VodSnapshot.Tests.TestSupport;
using static VodSnapshot.Tests.TestSupport.RpcCalls;

namespace VodSnapshot.Tests.Security;

/// <summary>
/// Link-local addresses and cloud metadata endpoints are never a callback target nor a remote media source, whatever
/// AllowPrivateNetworks says; only the separately named AllowLinkLocalAndMetadata switches open them. Nothing here
/// connects anywhere but loopback: refused addresses are refused before a socket is opened.
/// </summary>
public sealed class MetadataAddressTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.170.2")]
    [InlineData("fe80::1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("100.100.100.200")]
    [InlineData("fd00:ec2::254")]
    [InlineData("192.0.0.192")]
    [InlineData("168.63.129.16")]
    [InlineData("::ffff:100.100.100.200")]
    public void Metadata_and_link_local_addresses_need_their_own_switch(string address)
    {
        var ip = IPAddress.Parse(address);

        Assert.True(NetworkAddressPolicy.IsLinkLocalOrMetadata(ip));
        Assert.False(NetworkAddressPolicy.IsAllowed(ip, allowPrivateNetworks: true));
        Assert.True(NetworkAddressPolicy.IsAllowed(ip, allowPrivateNetworks: false, allowLinkLocalAndMetadata: true));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.0.0.5")]
    [InlineData("100.64.0.1")]
    [InlineData("8.8.8.8")]
    public void Other_addresses_are_not_metadata(string address) =>
        Assert.False(NetworkAddressPolicy.IsLinkLocalOrMetadata(IPAddress.Parse(address)));

    [Fact]
    public void Both_switches_are_off_by_default()
    {
        Assert.False(new CallbackOptions().AllowLinkLocalAndMetadata);
        Assert.False(new MediaOptions().AllowLinkLocalAndMetadata);
        Assert.True(new CallbackOptions().AllowPrivateNetworks);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://100.100.100.200/latest/meta-data/")]
    [InlineData("http://[fe80::1]/cb")]
    [InlineData("http://metadata.test/cb")]
    public async Task With_private_networks_allowed_a_metadata_callback_is_still_refused_at_submit(string url)
    {
        using var host = TestHost.Create(b => b.ForSignedCalls().WithHosts(new FakeHostResolver().Answer("metadata.test", "169.254.169.254")));
        var (status, body) = await host.GetAsync(UnsignedCall("RegisterMedia", P(
            ("RegisterMetadatas", JsonSerializer.Serialize(new[] { new { FileURL = new Uri(Path.Combine(host.MediaRoot, "a.mp4")).AbsoluteUri, Title = "t" } })),
            ("UserData", JsonSerializer.Serialize(new { MessageCallback = new { CallbackURL = url } })))));

        Assert.True(status == HttpStatusCode.BadRequest, body.ToString());
        Assert.Contains("Callback:AllowLinkLocalAndMetadata", body.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await host.VideoCountAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task Every_callback_connection_refuses_a_name_that_turns_into_a_metadata_address()
    {
        await using var server = await LoopbackServer.StartAsync();
        var hosts = new FakeHostResolver().Answer("receiver.test", "127.0.0.1").Answer("receiver.test", "169.254.169.254");
        using var host = TestHost.Create(b => b.ForSignedCalls().WithHosts(hosts));
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(CallbackSender.HttpClientName);

        // Loopback is a private network, which callbacks may reach by default: the first answer connects.
        using (var first = await client.GetAsync(server.Url("/host", "receiver.test"), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(server.Url("/host", "169.254.169.254"), Ct));
        Assert.IsType<NetworkAddressRefusedException>(error.InnerException);
        Assert.Equal(1, server.Requests);
    }

    [Fact(Timeout = 60_000)]
    public async Task Remote_media_on_a_metadata_address_is_refused_even_with_private_networks_allowed()
    {
        var hosts = new FakeHostResolver().Answer("metadata.test", "100.100.100.200");
        using var host = TestHost.Create(b => b.ForSignedCalls().WithHosts(hosts)
            .Set("Media:AllowRemoteUrls", "true").Set("Media:AllowPrivateNetworks", "true"));

        foreach (var url in new[] { "http://169.254.169.254/latest/meta-data/", "http://metadata.test/clip.mp4", "http://[fd00:ec2::254]/clip.mp4" })
        {
            var (status, body) = await host.GetAsync(UnsignedCall("RegisterMedia", P(("RegisterMetadatas", JsonSerializer.Serialize(new[] { new { FileURL = url, Title = "t" } })))));
            Assert.True(status == HttpStatusCode.BadRequest, $"{url}: {body}");
            Assert.Contains("Media:AllowLinkLocalAndMetadata", body.GetProperty("Message").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(0, await host.VideoCountAsync());
        Assert.Empty(host.Prober.Calls);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_explicit_switch_opens_metadata_addresses_for_callbacks()
    {
        using var host = TestHost.Create(b => b.ForSignedCalls().Set("Callback:AllowLinkLocalAndMetadata", "true"));
        var policy = host.Services.GetRequiredService<CallbackUrlPolicy>();

        await policy.CheckAsync("http://169.254.169.254/cb", "MessageCallback.CallbackURL", Ct);
    }
}
