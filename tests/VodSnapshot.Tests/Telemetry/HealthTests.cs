using System.Net;
using System.Text.Json;
using VodSnapshot.Api.Hosting.Health;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Telemetry;

public sealed class HealthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [Trait("Category", "Unit")]
    [InlineData("5.1.6-0+deb12u1", "5.1.6")]
    [InlineData("n7.1", "7.1.0")]
    [InlineData("7.0.2-static", "7.0.2")]
    [InlineData("6", "6.0.0")]
    [InlineData("4.4.2-0ubuntu0.22.04.1", "4.4.2")]
    public void Release_numbers_are_read_from_the_version_ffmpeg_prints(string version, string release) =>
        Assert.Equal(Version.Parse(release), FfmpegVersionRequirement.Release(version));

    [Theory]
    [Trait("Category", "Unit")]
    [InlineData("N-113032-g1ac7e4b0a4")]
    [InlineData("git-2024-01-01")]
    [InlineData("")]
    public void Builds_without_a_release_number_have_none(string version) =>
        Assert.Null(FfmpegVersionRequirement.Release(version));

    [Theory]
    [Trait("Category", "Unit")]
    [InlineData("4.4.2-0ubuntu0.22.04.1", true)]
    [InlineData("5.0.1", true)]
    [InlineData("5.1", false)]
    [InlineData("5.1.9-0+deb12u1", false)]
    [InlineData("7.1", false)]
    [InlineData("N-113032-g1ac7e4b0a4", false)]
    public void Releases_older_than_the_minimum_are_refused_and_say_why(string version, bool refused)
    {
        var problem = FfmpegVersionRequirement.Problem("ffmpeg", version, new Version(5, 1));
        Assert.Equal(refused, problem is not null);
        if (refused)
        {
            Assert.Contains("Health:MinimumFfmpegVersion", problem, StringComparison.Ordinal);
            Assert.Contains(version, problem, StringComparison.Ordinal);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Readiness_names_every_check_and_liveness_answers_without_them()
    {
        await using var app = new TestHost();
        using var client = app.CreateClient();

        using var ready = await client.GetAsync("/healthz", Ct);
        using var live = await client.GetAsync("/healthz/live", Ct);
        var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(Ct)).RootElement;
        var liveBody = JsonDocument.Parse(await live.Content.ReadAsStringAsync(Ct)).RootElement;

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (ready.StatusCode, live.StatusCode));
        Assert.Equal("Healthy", body.GetProperty("Status").GetString());
        Assert.Equal(["database", "disk", "ffmpeg"], body.GetProperty("Checks").EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.All(body.GetProperty("Checks").EnumerateObject(), c => Assert.Equal("Healthy", c.Value.GetProperty("Status").GetString()));
        Assert.Equal("Healthy", liveBody.GetProperty("Status").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task An_ffmpeg_older_than_the_minimum_refuses_the_start_and_says_why()
    {
        await using var app = TestHost.Create(b => b.Set("Health:MinimumFfmpegVersion", "99.0"));

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("older than 99.0", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Health:MinimumFfmpegVersion", error.ToString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_minimum_version_that_is_not_a_version_refuses_the_start()
    {
        await using var app = TestHost.Create(b => b.Set("Health:MinimumFfmpegVersion", "latest"));

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Health:MinimumFfmpegVersion must be a version", error.ToString(), StringComparison.Ordinal);
    }
}
