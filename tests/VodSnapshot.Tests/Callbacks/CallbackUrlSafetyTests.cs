using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Callbacks;

/// <summary>
/// With <c>Callback:AllowPrivateNetworks</c> off, callback URLs are checked when handed in and again on every
/// connection. Names resolve through a fake resolver; public answers are only ever checked, never connected to.
/// </summary>
public sealed class CallbackUrlSafetyTests(CallbackUrlSafetyTests.Fixture service, TestClips clips) : IClassFixture<CallbackUrlSafetyTests.Fixture>, IClassFixture<TestClips>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public sealed class Fixture : TestHost
    {
        public Fixture()
            : this(new FakeHostResolver()
                .Answer("internal.test", "10.1.2.3")
                .Answer("private.test", "192.168.1.4")
                .Answer("rebind.test", "8.8.8.8")
                .Answer("rebind.test", "127.0.0.1"))
        {
        }

        private Fixture(FakeHostResolver hosts)
            : base(b => b.WithCallbackReceiver().WithHosts(hosts)
                .Set("Callback:AllowPrivateNetworks", "false")
                .Set("Callback:Url", "http://internal.test/cb")
                .Set("Callback:RetryDelay", "00:00:00.100")) => Hosts = hosts;

        public FakeHostResolver Hosts { get; }
    }

    private Task<string> RegisterAsync(HttpClient client) => client.RegisterAsync(service.AddMedia(clips.Ramp, Guid.NewGuid().ToString("N") + ".mp4"), "ramp", null, Ct);

    private static string UserData(string url) => JsonSerializer.Serialize(new { MessageCallback = new { CallbackURL = url } });

    private async Task<int> JobCountAsync(string videoId)
    {
        await using var scope = service.Services.CreateAsyncScope();
        // The submitted jobs: the video's own cover job is none of the caller's.
        return await scope.ServiceProvider.GetRequiredService<VodDbContext>().SnapshotJobs.CountAsync(j => j.VideoId == videoId && j.Kind == SnapshotJobKind.Specified, Ct);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("http://127.0.0.1:9/cb")]
    [InlineData("http://[::1]/cb")]
    [InlineData("http://10.0.0.5/cb")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://private.test/cb")]
    public async Task Callback_urls_on_private_networks_are_refused_at_submit_naming_UserData(string url)
    {
        using var client = service.CreateClient();
        var video = await RegisterAsync(client);

        var (status, body) = await client.CallAsync("SubmitSnapshotJob", new Dictionary<string, string> { ["VideoId"] = video, ["UserData"] = UserData(url) }, ct: Ct);

        Assert.Equal((400, "InvalidParameter"), (status, body.GetProperty("Code").GetString()));
        var message = body.GetProperty("Message").GetString();
        Assert.Contains("\"UserData\"", message, StringComparison.Ordinal);
        Assert.Contains("Callback:AllowPrivateNetworks", message, StringComparison.Ordinal);
        Assert.Equal(0, await JobCountAsync(video));
    }

    [Theory(Timeout = 60_000)]
    [InlineData("256 bytes")]
    [InlineData("http or https")]
    public async Task Overlong_urls_and_other_schemes_are_refused_at_submit(string problem)
    {
        using var client = service.CreateClient();
        var video = await RegisterAsync(client);
        var url = problem == "256 bytes" ? "http://public.test/" + new string('a', 240) : "ftp://public.test/cb";

        var (status, body) = await client.CallAsync("SubmitSnapshotJob", new Dictionary<string, string> { ["VideoId"] = video, ["UserData"] = UserData(url) }, ct: Ct);

        Assert.Equal(400, status);
        Assert.Contains("\"UserData\"", body.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.Contains(problem, body.GetProperty("Message").GetString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task RegisterMedia_refuses_a_private_callback_url_and_stores_nothing()
    {
        using var client = service.CreateClient();
        var fileUrl = service.AddMedia(clips.Ramp, Guid.NewGuid().ToString("N") + ".mp4");
        var parameters = new Dictionary<string, string>
        {
            ["RegisterMetadatas"] = JsonSerializer.Serialize(new[] { new { FileURL = fileUrl, Title = "ramp" } }),
            ["UserData"] = UserData("http://192.168.0.1/cb"),
        };

        var (status, body) = await client.CallAsync("RegisterMedia", parameters, ct: Ct);

        Assert.Equal((400, "InvalidParameter"), (status, body.GetProperty("Code").GetString()));
        Assert.Contains("\"UserData\"", body.GetProperty("Message").GetString(), StringComparison.Ordinal);
        await using var scope = service.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<VodDbContext>().Videos.AnyAsync(v => v.FileUrl == fileUrl, Ct));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_global_callback_url_on_a_private_network_refuses_jobs_that_would_use_it()
    {
        using var client = service.CreateClient();
        var video = await RegisterAsync(client);

        var (status, body) = await client.CallAsync("SubmitSnapshotJob", new Dictionary<string, string> { ["VideoId"] = video }, ct: Ct);

        Assert.Equal(400, status);
        Assert.Contains("\"UserData\"", body.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.Contains("Callback:Url", body.GetProperty("Message").GetString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_name_that_rebinds_to_loopback_after_the_check_is_refused_when_delivering()
    {
        using var client = service.CreateClient();
        var video = await RegisterAsync(client);
        var url = service.Receiver.Url("/cb").Replace("127.0.0.1", "rebind.test", StringComparison.Ordinal);

        var jobId = await client.SubmitAsync(video, new Dictionary<string, string> { ["UserData"] = UserData(url) }, ct: Ct);
        var delivery = await client.WaitForDeliveryEndAsync(jobId, TimeSpan.FromSeconds(30), Ct);

        Assert.Equal("Failed", delivery.GetProperty("Status").GetString());
        Assert.All(delivery.GetProperty("Attempts").EnumerateArray(), a => Assert.Contains("127.0.0.1 (Loopback)", a.GetProperty("Error").GetString(), StringComparison.Ordinal));
        Assert.Empty(service.Receiver.All);
    }
}
