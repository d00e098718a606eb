using System.Net;
using System.Text.Json;
using VodSnapshot.Tests.TestSupport;
using static VodSnapshot.Tests.TestSupport.RpcCalls;

namespace VodSnapshot.Tests.Security;

/// <summary>
/// FileURLs that point outside what the service may read are refused with InvalidParameter before anything is stored
/// or run: no video row appears and the prober is never called.
/// </summary>
public class HostileMediaTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> RegisterAsync(TestHost host, string fileUrl) =>
        await host.GetAsync(UnsignedCall("RegisterMedia", P(("RegisterMetadatas", JsonSerializer.Serialize(new[] { new { FileURL = fileUrl, Title = "t" } })))));

    private static async Task AssertRefusedAsync(TestHost host, string fileUrl, string because)
    {
        var (status, body) = await RegisterAsync(host, fileUrl);

        Assert.True(status == HttpStatusCode.BadRequest, $"{fileUrl} answered {status}: {body}");
        Assert.Equal("InvalidParameter", body.GetProperty("Code").GetString());
        var message = body.GetProperty("Message").GetString()!;
        Assert.Contains("\"RegisterMetadatas\"", message, StringComparison.Ordinal);
        Assert.True(message.Contains(because, StringComparison.Ordinal), $"{fileUrl}: {message}");
        Assert.Equal(0, await host.VideoCountAsync());
        Assert.Empty(host.Prober.Calls);
    }

    [Fact(Timeout = 60_000)]
    public async Task Local_files_outside_the_media_roots_are_refused()
    {
        using var host = TestHost.Create(b => b.ForSignedCalls());
        var outside = Path.Combine(host.Root, "secret.mp4");
        await File.WriteAllTextAsync(outside, "outside", TestContext.Current.CancellationToken);
        var media = host.MediaRoot;

        (string Url, string Because)[] cases =
        [
            ("file:///etc/passwd", "Media:Roots"),
            (new Uri(outside).AbsoluteUri, "Media:Roots"),
            ("file://" + media + "/../secret.mp4", "Media:Roots"),
            ("file://" + media + "/%2e%2e/secret.mp4", "Media:Roots"),
            ("file://" + media + "/sub/../../secret.mp4", "Media:Roots"),
            ("file:///proc/self/environ", "Media:Roots"),
            ("file://fileserver/share/secret.mp4", "local path"),
            ("media/secret.mp4", "absolute"),
            ("../secret.mp4", "absolute"),
            ("ftp://127.0.0.1/secret.mp4", "file:// or http(s)://"),
            ("gopher://127.0.0.1:6379/_INFO", "file:// or http(s)://"),
            ("data:video/mp4;base64,AAAA", "file:// or http(s)://"),
        ];
        foreach (var (url, because) in cases)
        {
            await AssertRefusedAsync(host, url, because);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Symbolic_links_that_leave_a_media_root_are_refused()
    {
        using var host = TestHost.Create(b => b.ForSignedCalls());
        var outside = Directory.CreateDirectory(Path.Combine(host.Root, "elsewhere")).FullName;
        var secret = Path.Combine(outside, "secret.mp4");
        await File.WriteAllTextAsync(secret, "outside", TestContext.Current.CancellationToken);
        var fileLink = Path.Combine(host.MediaRoot, "link.mp4");
        var folderLink = Path.Combine(host.MediaRoot, "folder");
        File.CreateSymbolicLink(fileLink, secret);
        Directory.CreateSymbolicLink(folderLink, outside);
        File.CreateSymbolicLink(Path.Combine(host.MediaRoot, "passwd.mp4"), "/etc/passwd");

        await AssertRefusedAsync(host, new Uri(fileLink).AbsoluteUri, "Media:Roots");
        await AssertRefusedAsync(host, new Uri(Path.Combine(folderLink, "secret.mp4")).AbsoluteUri, "Media:Roots");
        await AssertRefusedAsync(host, new Uri(Path.Combine(host.MediaRoot, "passwd.mp4")).AbsoluteUri, "Media:Roots");
    }

    [Fact(Timeout = 60_000)]
    public async Task A_file_inside_a_media_root_is_accepted_as_the_contrast()
    {
        using var host = TestHost.Create(b => b.ForSignedCalls());
        var inside = Path.Combine(host.MediaRoot, "clip.mp4");
        await File.WriteAllTextAsync(inside, "inside", TestContext.Current.CancellationToken);

        var (status, body) = await RegisterAsync(host, new Uri(inside).AbsoluteUri);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("RegisteredMediaList")[0].GetProperty("NewRegister").GetBoolean());
        Assert.Equal(1, await host.VideoCountAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task Remote_urls_are_refused_while_remote_media_is_off()
    {
        var resolver = new FakeHostResolver().Answer("media.example", "8.8.8.8");
        using var host = TestHost.Create(b => b.ForSignedCalls().WithHosts(resolver));

        await AssertRefusedAsync(host, "http://media.example/clip.mp4", "Media:AllowRemoteUrls");
        await AssertRefusedAsync(host, "https://media.example/clip.mp4", "Media:AllowRemoteUrls");
        Assert.Empty(resolver.Queries);
    }

    [Fact(Timeout = 60_000)]
    public async Task Remote_urls_on_private_networks_are_refused_when_remote_media_is_on()
    {
        var resolver = new FakeHostResolver()
            .Answer("localhost", "127.0.0.1", "::1")
            .Answer("metadata.internal", "169.254.169.254")
            .Answer("mixed.example", "8.8.8.8", "10.0.0.5")
            .Answer("cgnat.example", "100.64.12.1")
            .Answer("ula.example", "fd00::5");
        using var host = TestHost.Create(b => b.ForSignedCalls().Set("Media:AllowRemoteUrls", "true").WithHosts(resolver));

        string[] urls =
        [
            "http://127.0.0.1/clip.mp4",
            "http://127.1/clip.mp4",
            "http://2130706433/clip.mp4",
            "http://0x7f000001/clip.mp4",
            "http://localhost:8080/clip.mp4",
            "http://[::1]/clip.mp4",
            "http://[::ffff:127.0.0.1]/clip.mp4",
            "http://0.0.0.0/clip.mp4",
            "http://[::]/clip.mp4",
            "http://169.254.169.254/latest/meta-data/",
            "http://metadata.internal/latest/meta-data/",
            "http://10.1.2.3/clip.mp4",
            "http://172.16.5.4/clip.mp4",
            "https://192.168.0.10/clip.mp4",
            "http://100.64.0.1/clip.mp4",
            "http://cgnat.example/clip.mp4",
            "http://[fd00::1]/clip.mp4",
            "http://ula.example/clip.mp4",
            "http://[fe80::1]/clip.mp4",
            "http://mixed.example/clip.mp4",
        ];
        foreach (var url in urls)
        {
            await AssertRefusedAsync(host, url, "Media:AllowPrivateNetworks");
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_name_that_rebinds_to_a_private_address_after_the_check_fails_and_stores_nothing()
    {
        await using var server = await LoopbackServer.StartAsync();
        var resolver = new FakeHostResolver().Answer("rebind.example", "8.8.8.8").Answer("rebind.example", "127.0.0.1");
        using var host = TestHost.Create(b => b.ForSignedCalls().Set("Media:AllowRemoteUrls", "true").WithHosts(resolver));
        var url = server.Url("/media.mp4", "rebind.example");

        var (status, body) = await RegisterAsync(host, url);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(url, body.GetProperty("FailedFileURLs")[0].GetString());
        Assert.Equal(0, body.GetProperty("RegisteredMediaList").GetArrayLength());
        Assert.Equal(0, server.Requests);
        Assert.Equal(0, await host.VideoCountAsync());
        Assert.Empty(host.Prober.Calls);
    }

    [Fact(Timeout = 60_000)]
    public async Task Private_networks_can_be_allowed_explicitly()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var host = TestHost.Create(b => b.ForSignedCalls().Set("Media:AllowRemoteUrls", "true").Set("Media:AllowPrivateNetworks", "true"));

        var (status, body) = await RegisterAsync(host, server.Url("/media.mp4"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("RegisteredMediaList")[0].GetProperty("NewRegister").GetBoolean());
        Assert.Equal(1, server.Requests);
        Assert.Single(host.Prober.Calls);
    }
}
