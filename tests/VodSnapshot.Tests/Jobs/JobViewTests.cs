using System.Text.Json;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Jobs;

/// <summary><c>GET /_emulator/jobs/{JobId}</c> and the Hangfire dashboard's read-only switch.</summary>
public class JobViewTests(HostWithReceiver service, TestClips clips) : IClassFixture<HostWithReceiver>, IClassFixture<TestClips>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 60_000)]
    public async Task A_succeeded_job_shows_its_times_strategy_runs_and_delivery()
    {
        using var client = service.CreateClient();
        var video = await service.RegisterAsync(clips.Ramp, ct: Ct);

        var jobId = await client.SubmitAsync(video, new Dictionary<string, string> { ["Count"] = "2" }, ct: Ct);
        await client.WaitForDeliveryEndAsync(jobId, Patience, Ct);
        var (status, job) = await client.GetJsonAsync("/_emulator/jobs/" + jobId, Ct);

        Assert.Equal(200, status);
        Assert.Equal((jobId, video, "Succeeded"), (job.GetProperty("JobId").GetString(), job.GetProperty("VideoId").GetString(), job.GetProperty("Status").GetString()));
        var created = job.GetProperty("CreationTime").GetDateTimeOffset();
        var started = job.GetProperty("StartTime").GetDateTimeOffset();
        var completed = job.GetProperty("CompleteTime").GetDateTimeOffset();
        Assert.True(created <= started && started <= completed, $"{created:O} {started:O} {completed:O}");
        Assert.False(string.IsNullOrEmpty(job.GetProperty("Strategy").GetString()));
        var (decoded, minimum) = (job.GetProperty("DecodedFrames").GetInt64(), job.GetProperty("MinimumDecodedFrames").GetInt64());
        Assert.True(minimum > 0 && decoded >= minimum, $"decoded {decoded}, minimum {minimum}");
        Assert.Equal(JsonValueKind.Null, job.GetProperty("ErrorCode").ValueKind);
        Assert.Equal(1, job.GetProperty("Runs").GetInt32());
        Assert.Equal(service.Receiver.Url("/global"), job.GetProperty("CallbackUrl").GetString());
        Assert.Equal(JsonValueKind.Null, job.GetProperty("Faults").ValueKind);
        var delivery = Assert.Single(job.GetProperty("Deliveries").EnumerateArray());
        Assert.Equal(("Delivered", 1), (delivery.GetProperty("Status").GetString(), delivery.GetProperty("Attempts").GetInt32()));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_running_job_shows_the_frames_it_has_written_and_a_final_one_none()
    {
        using var client = service.CreateClient();
        var video = await service.RegisterAsync(clips.Ramp, ct: Ct);

        // The delay holds the run between extracting its frames and publishing them.
        var jobId = await client.SubmitAsync(video, new Dictionary<string, string> { ["Count"] = "3", ["Interval"] = "1" },
            new Dictionary<string, string> { ["X-VodSnapshot-Fault"] = "delay=3" }, Ct);
        var running = await client.WaitForJobAsync(jobId, j => j.GetProperty("Status").GetString() == "Running" && j.GetProperty("FramesDone").GetInt32() == 3, Patience, Ct);
        var done = await client.WaitForJobAsync(jobId, j => j.GetProperty("Status").GetString() == "Succeeded", Patience, Ct);

        Assert.Equal(3, running.GetProperty("FramesTotal").GetInt32());
        Assert.Equal(JsonValueKind.Null, done.GetProperty("FramesDone").ValueKind);
        Assert.Equal(3, done.GetProperty("FramesTotal").GetInt32());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_failed_job_shows_its_error()
    {
        using var client = service.CreateClient();
        var video = await service.RegisterAsync(clips.Ramp, ct: Ct);

        var jobId = await client.SubmitAsync(video, new Dictionary<string, string> { ["SpecifiedOffsetTime"] = "9000" }, ct: Ct);
        var job = await client.WaitForJobAsync(jobId, j => j.GetProperty("Status").GetString() == "Failed", Patience, Ct);

        Assert.Equal("InvalidParameter.SpecifiedOffsetTime", job.GetProperty("ErrorCode").GetString());
        Assert.False(string.IsNullOrEmpty(job.GetProperty("ErrorMessage").GetString()));
        Assert.NotEqual(JsonValueKind.Null, job.GetProperty("CompleteTime").ValueKind);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("abc")]
    [InlineData("..%2F..%2Fvod.db")]
    public async Task Unknown_and_malformed_job_ids_answer_404(string jobId)
    {
        using var client = service.CreateClient();

        Assert.Equal(404, (await client.GetJsonAsync("/_emulator/jobs/" + jobId, Ct)).Status);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_dashboard_refuses_commands_unless_configured_writable()
    {
        using var readOnly = service.CreateClient();
        using var writableApp = TestHost.Create(b => b.Set("Jobs:DashboardReadOnly", "false"));
        using var writable = writableApp.CreateClient();

        Assert.Equal(200, (int)(await readOnly.GetAsync("/hangfire", Ct)).StatusCode);
        Assert.Equal(401, await DeleteCommandStatusAsync(readOnly));
        Assert.NotEqual(401, await DeleteCommandStatusAsync(writable));

        static async Task<int> DeleteCommandStatusAsync(HttpClient client)
        {
            using var form = new FormUrlEncodedContent([new("jobs[]", "no-such-job")]);
            using var response = await client.PostAsync("/hangfire/jobs/enqueued/delete", form, Ct);
            return (int)response.StatusCode;
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Swagger_documents_the_emulator_routes()
    {
        using var client = service.CreateClient();

        var (_, swagger) = await client.GetJsonAsync("/swagger/v1/swagger.json", Ct);
        var paths = swagger.GetProperty("paths");

        Assert.True(paths.TryGetProperty("/_emulator/jobs/{jobId}", out var job));
        Assert.True(job.TryGetProperty("get", out _));
        Assert.True(paths.TryGetProperty("/_emulator/callbacks", out _));
        Assert.True(paths.TryGetProperty("/_emulator/callbacks/{deliveryId}/redeliver", out var redeliver));
        Assert.True(redeliver.TryGetProperty("post", out _));
    }
}
