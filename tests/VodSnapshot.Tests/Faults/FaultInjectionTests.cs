using System.Text.Json;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Faults;

/// <summary>Emulator-only faults, per request (header or UserData) and configured (section Faults).</summary>
public class FaultInjectionTests(FaultInjectionTests.Fixture service, TestClips clips) : IClassFixture<FaultInjectionTests.Fixture>, IClassFixture<TestClips>
{
    private const string Header = "X-VodSnapshot-Fault";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public sealed class Fixture() : TestHost(b => b.WithCallbackReceiver().Set("Callback:RetryDelay", "00:00:00.100"));

    private static Dictionary<string, string> Fault(string text) => new() { [Header] = text };

    [Fact(Timeout = 60_000)]
    public async Task A_header_makes_the_job_fail_with_the_chosen_code_and_the_callback_says_so()
    {
        using var client = service.CreateClient();
        var video = await service.RegisterAsync(clips.Ramp, ct: Ct);

        var jobId = await client.SubmitAsync(video, headers: Fault("fail=InvalidParameter.ResourceContentBad"), ct: Ct);
        await client.WaitForDeliveryEndAsync(jobId, Patience, Ct);
        var snapshotEvent = Assert.Single(service.Receiver.Mentioning(jobId)).Json;
        var (_, job) = await client.GetJsonAsync("/_emulator/jobs/" + jobId, Ct);

        Assert.Equal("fail", snapshotEvent.GetProperty("Status").GetString());
        Assert.Equal("InvalidParameter.ResourceContentBad", snapshotEvent.GetProperty("ErrorCode").GetString());
        Assert.Contains("Injected fault", snapshotEvent.GetProperty("ErrorMessage").GetString(), StringComparison.Ordinal);
        Assert.Equal(("Failed", "fail=InvalidParameter.ResourceContentBad"), (job.GetProperty("Status").GetString(), job.GetProperty("Faults").GetString()));
    }

    [Fact(Timeout = 60_000)]
    public async Task UserData_carries_faults_for_SDKs_that_cannot_set_headers()
    {
        using var client = service.CreateClient();
        var video = await service.RegisterAsync(clips.Ramp, ct: Ct);
        var userData = JsonSerializer.Serialize(new { Extend = "mine", VodSnapshotFault = "fail=InternalError" });

        var jobId = await client.SubmitAsync(video, new Dictionary<string, string> { ["UserData"] = userData }, ct: Ct);
        await client.WaitForDeliveryEndAsync(jobId, Patience, Ct);
        var snapshotEvent = Assert.Single(service.Receiver.Mentioning(jobId)).Json;

        Assert.Equal(("fail", "InternalError", "mine"), (snapshotEvent.GetProperty("Status").GetString(), snapshotEvent.GetProperty("ErrorCode").GetString(), snapshotEvent.GetProperty("Extend").GetString()));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_delay_makes_each_run_slower_by_that_many_seconds()
    {
        using var client = service.CreateClient();
        var video = await service.RegisterAsync(clips.Ramp, ct: Ct);

        var jobId = await client.SubmitAsync(video, headers: Fault("delay=1"), ct: Ct);
        var job = await client.WaitForJobAsync(jobId, j => j.GetProperty("Status").GetString() == "Succeeded", Patience, Ct);

        var took = job.GetProperty("CompleteTime").GetDateTimeOffset() - job.GetProperty("StartTime").GetDateTimeOffset();
        Assert.True(took >= TimeSpan.FromSeconds(1), $"The job took {took}.");
    }

    [Fact(Timeout = 60_000)]
    public async Task Callback_drop_fails_every_first_round_attempt_without_sending_and_a_redelivery_goes_out()
    {
        using var client = service.CreateClient();
        var video = await service.RegisterAsync(clips.Ramp, ct: Ct);

        var jobId = await client.SubmitAsync(video, headers: Fault("callback=drop"), ct: Ct);
        var failed = await client.WaitForDeliveryEndAsync(jobId, Patience, Ct);

        Assert.Equal(("Failed", "drop"), (failed.GetProperty("Status").GetString(), failed.GetProperty("Fault").GetString()));
        Assert.Equal(3, failed.GetProperty("Attempts").GetArrayLength());
        Assert.All(failed.GetProperty("Attempts").EnumerateArray(), a => Assert.Contains("callback=drop", a.GetProperty("Error").GetString(), StringComparison.Ordinal));
        Assert.Empty(service.Receiver.Mentioning(jobId));

        await client.PostJsonAsync($"/_emulator/callbacks/{failed.GetProperty("DeliveryId").GetString()}/redeliver", Ct);
        var delivered = await client.WaitForDeliveryEndAsync(jobId, Patience, Ct);

        Assert.Equal("Delivered", delivered.GetProperty("Status").GetString());
        Assert.Single(service.Receiver.Mentioning(jobId));
    }

    [Fact(Timeout = 60_000)]
    public async Task Callback_reject_sends_the_event_but_counts_the_answer_as_failed_so_the_receiver_sees_duplicates()
    {
        using var client = service.CreateClient();
        var video = await service.RegisterAsync(clips.Ramp, ct: Ct);

        var jobId = await client.SubmitAsync(video, headers: Fault("callback=reject:2"), ct: Ct);
        var delivery = await client.WaitForDeliveryEndAsync(jobId, Patience, Ct);

        Assert.Equal("Delivered", delivery.GetProperty("Status").GetString());
        Assert.Equal([false, false, true], delivery.GetProperty("Attempts").EnumerateArray().Select(a => a.GetProperty("Succeeded").GetBoolean()));
        Assert.All(delivery.GetProperty("Attempts").EnumerateArray(), a => Assert.Equal(200, a.GetProperty("StatusCode").GetInt32()));
        var received = service.Receiver.Mentioning(jobId);
        Assert.Equal(3, received.Count);
        Assert.Single(received.Select(r => r.Json.GetProperty("EventId").GetString()).Distinct());
    }

    [Theory(Timeout = 60_000)]
    [InlineData("explode=1")]
    [InlineData("delay=forever")]
    public async Task Bad_fault_text_is_refused_at_submit(string text)
    {
        using var client = service.CreateClient();
        var video = await service.RegisterAsync(clips.Ramp, ct: Ct);

        var (status, body) = await client.CallAsync("SubmitSnapshotJob", new Dictionary<string, string> { ["VideoId"] = video }, Fault(text), Ct);

        Assert.Equal((400, "InvalidParameter"), (status, body.GetProperty("Code").GetString()));
        Assert.Contains(Header, body.GetProperty("Message").GetString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Configured_faults_apply_to_every_job_and_requests_may_be_refused_their_own()
    {
        await using var app = await TestHost.StartAsync(b => b.WithCallbackReceiver("/callback")
            .Set("Faults:FailWith", "ServiceUnAvailable")
            .Set("Faults:AllowPerRequest", "false"));
        using var client = app.CreateClient();
        var video = await app.RegisterAsync(clips.Ramp, ct: Ct);

        var jobId = await client.SubmitAsync(video, ct: Ct);
        var job = await client.WaitForJobAsync(jobId, j => j.GetProperty("Status").GetString() == "Failed", Patience, Ct);
        var (refused, body) = await client.CallAsync("SubmitSnapshotJob", new Dictionary<string, string> { ["VideoId"] = video }, Fault("none"), Ct);

        Assert.Equal("ServiceUnAvailable", job.GetProperty("ErrorCode").GetString());
        Assert.Equal(400, refused);
        Assert.Contains("Faults:AllowPerRequest", body.GetProperty("Message").GetString(), StringComparison.Ordinal);
    }
}
