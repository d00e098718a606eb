using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Callbacks;

/// <summary>
/// Callback delivery over real HTTP to a loopback receiver: retries, the delivery log, redelivery, signing. Retries are
/// 200 ms apart and attempts time out after 1 s here, so the vendor's schedule plays out quickly.
/// </summary>
public class CallbackDeliveryTests : IClassFixture<CallbackDeliveryTests.Fixture>, IClassFixture<TestClips>
{
    private readonly TestHost _service;
    private readonly TestClips _clips;

    public CallbackDeliveryTests(CallbackDeliveryTests.Fixture service, TestClips clips)
        : this((TestHost)service, clips)
    {
    }

    /// <summary>For the same tests on another database.</summary>
    protected CallbackDeliveryTests(TestHost service, TestClips clips)
    {
        _service = service;
        _clips = clips;
    }
    public const string AuthKey = "VodTest123key";

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Delivery mechanics of submitted jobs: the cover events of registrations would take answers of the status sequences.
    public sealed class Fixture() : TestHost(b => b.WithCallbackReceiver()
        .Set("Covers:Enabled", "false")
        .Set("Callback:RetryDelay", RetryDelay)
        .Set("Callback:Timeout", "00:00:01")
        .Set("Callback:AuthKey", AuthKey));

    public sealed class FixtureOnPostgreSql() : TestHost(b => b.WithCallbackReceiver().On(DatabaseKind.PostgreSql)
        .Set("Covers:Enabled", "false")
        .Set("Callback:RetryDelay", RetryDelay)
        .Set("Callback:Timeout", "00:00:01")
        .Set("Callback:AuthKey", AuthKey));

    [Fact(Timeout = 60_000)]
    public async Task A_receiver_answering_500_500_200_gets_the_event_on_the_third_attempt()
    {
        using var client = _service.CreateClient();
        var video = await _service.RegisterAsync(_clips.Ramp, ct: Ct);
        _service.Receiver.RespondWith(500, 500, 200);

        var jobId = await client.SubmitAsync(video, ct: Ct);
        var delivery = await client.WaitForDeliveryEndAsync(jobId, Patience, Ct);

        Assert.Equal("Delivered", delivery.GetProperty("Status").GetString());
        var attempts = delivery.GetProperty("Attempts").EnumerateArray().ToList();
        Assert.Equal([500, 500, 200], attempts.Select(a => a.GetProperty("StatusCode").GetInt32()));
        Assert.Equal([false, false, true], attempts.Select(a => a.GetProperty("Succeeded").GetBoolean()));
        Assert.All(attempts, a => Assert.Equal(_service.Receiver.Url("/global"), a.GetProperty("Url").GetString()));
        Assert.Contains("only 200 counts", attempts[0].GetProperty("Error").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, attempts[2].GetProperty("Error").ValueKind);

        var received = _service.Receiver.Mentioning(jobId);
        Assert.Equal(3, received.Count);
        var eventId = delivery.GetProperty("EventId").GetString();
        Assert.All(received, r =>
        {
            Assert.Equal(received[0].Body, r.Body);
            Assert.Equal(eventId, r.Headers["X-VodSnapshot-Event-Id"]);
            Assert.Equal(eventId, r.Json.GetProperty("EventId").GetString());
            Assert.Equal("application/json", r.Headers["Content-Type"]);
        });
        for (var i = 1; i < received.Count; i++)
        {
            Assert.True(received[i].At - received[i - 1].At >= RetryDelay * 0.9, $"Attempts {i} and {i + 1} came {received[i].At - received[i - 1].At} apart.");
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_delivery_that_always_fails_keeps_three_attempts_in_the_log_and_a_redelivery_succeeds_later()
    {
        using var client = _service.CreateClient();
        var video = await _service.RegisterAsync(_clips.Ramp, ct: Ct);
        _service.Receiver.RespondWith(500, 503, 404);

        var jobId = await client.SubmitAsync(video, ct: Ct);
        var failed = await client.WaitForDeliveryEndAsync(jobId, Patience, Ct);

        Assert.Equal("Failed", failed.GetProperty("Status").GetString());
        Assert.Equal([500, 503, 404], failed.GetProperty("Attempts").EnumerateArray().Select(a => a.GetProperty("StatusCode").GetInt32()));
        var (_, job) = await client.GetJsonAsync("/_emulator/jobs/" + jobId, Ct);
        Assert.Equal("Succeeded", job.GetProperty("Status").GetString());
        Assert.Equal("Failed", job.GetProperty("Deliveries")[0].GetProperty("Status").GetString());

        // The redelivery's first attempt hangs past the timeout, so the round is still running when asked again.
        _service.Receiver.RespondWith(CallbackReceiver.Hang, 200);
        var deliveryId = failed.GetProperty("DeliveryId").GetString()!;
        var (accepted, started) = await client.PostJsonAsync($"/_emulator/callbacks/{deliveryId}/redeliver", Ct);
        var (conflict, _) = await client.PostJsonAsync($"/_emulator/callbacks/{deliveryId}/redeliver", Ct);
        var delivered = await client.WaitForDeliveryEndAsync(jobId, Patience, Ct);

        Assert.Equal((202, "Pending", 2), (accepted, started.GetProperty("Status").GetString(), started.GetProperty("Round").GetInt32()));
        Assert.Equal(409, conflict);
        Assert.Equal("Delivered", delivered.GetProperty("Status").GetString());
        var attempts = delivered.GetProperty("Attempts").EnumerateArray().ToList();
        Assert.Equal([1, 1, 1, 2, 2], attempts.Select(a => a.GetProperty("Round").GetInt32()));
        Assert.Equal([1, 2, 3, 4, 5], attempts.Select(a => a.GetProperty("Number").GetInt32()));
        Assert.Equal(JsonValueKind.Null, attempts[3].GetProperty("StatusCode").ValueKind);
        Assert.Contains("No answer within 1 s", attempts[3].GetProperty("Error").GetString(), StringComparison.Ordinal);
        var received = _service.Receiver.Mentioning(jobId);
        Assert.Equal(5, received.Count);
        Assert.Single(received.Select(r => r.Body).Distinct());
        Assert.Single(received.Select(r => r.Headers["X-VodSnapshot-Event-Id"]).Distinct());
    }

    [Fact(Timeout = 60_000)]
    public async Task Redirects_are_failures_and_are_not_followed()
    {
        using var client = _service.CreateClient();
        var video = await _service.RegisterAsync(_clips.Ramp, ct: Ct);
        _service.Receiver.RespondWith(302, 301, 200);

        var jobId = await client.SubmitAsync(video, ct: Ct);
        var delivery = await client.WaitForDeliveryEndAsync(jobId, Patience, Ct);

        var attempts = delivery.GetProperty("Attempts").EnumerateArray().ToList();
        Assert.Equal([302, 301, 200], attempts.Select(a => a.GetProperty("StatusCode").GetInt32()));
        Assert.Contains("redirect is a failure", attempts[0].GetProperty("Error").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_service.Receiver.Mentioning(jobId), r => r.Path == "/redirected");
    }

    [Fact(Timeout = 60_000)]
    public async Task Every_attempt_is_signed_for_the_url_called_and_both_signatures_verify_independently()
    {
        using var client = _service.CreateClient();
        var url = _service.Receiver.Url("/signed?tenant=a&b=1");
        var video = await _service.RegisterAsync(_clips.Ramp, ct: Ct);
        _service.Receiver.RespondWith(500, 200);
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var jobId = await client.SubmitAsync(video, new Dictionary<string, string> { ["UserData"] = JsonSerializer.Serialize(new { MessageCallback = new { CallbackURL = url } }) }, ct: Ct);
        await client.WaitForDeliveryEndAsync(jobId, Patience, Ct);
        var after = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var received = _service.Receiver.Mentioning(jobId);
        Assert.Equal(2, received.Count);
        foreach (var callback in received)
        {
            var timestamp = long.Parse(callback.Headers["X-VOD-TIMESTAMP"], CultureInfo.InvariantCulture);
            Assert.InRange(timestamp, before, after);
            Assert.Equal(10, callback.Headers["X-VOD-TIMESTAMP"].Length);
            var md5 = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes($"{url}|{timestamp}|{AuthKey}")));
            Assert.Equal(md5, callback.Headers["X-VOD-SIGNATURE"]);
            var hmac = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(AuthKey), Encoding.UTF8.GetBytes($"{timestamp}.{callback.Body}")));
            Assert.Equal($"t={timestamp},v1={hmac}", callback.Headers["X-VodSnapshot-Signature"]);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Deleting_the_video_during_a_round_ends_the_round_quietly()
    {
        using var client = _service.CreateClient();
        var video = await _service.RegisterAsync(_clips.Ramp, ct: Ct);
        _service.Receiver.RespondWith(CallbackReceiver.Hang);
        var failedBefore = _service.Services.GetRequiredService<JobStorage>().GetMonitoringApi().FailedCount();

        var jobId = await client.SubmitAsync(video, ct: Ct);
        await client.WaitForDeliveryAsync(jobId, d => true, Patience, Ct);
        while (_service.Receiver.Mentioning(jobId).Count == 0)
        {
            await Task.Delay(20, Ct);
        }

        var (deleted, _) = await client.CallAsync("DeleteVideo", new Dictionary<string, string> { ["VideoIds"] = video }, ct: Ct);
        // The hung attempt times out after 1 s; its result then has no delivery to go to.
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);

        Assert.Equal(200, deleted);
        Assert.Equal(404, (await client.GetJsonAsync("/_emulator/callbacks?jobId=" + jobId, Ct)).Status);
        Assert.Equal(failedBefore, _service.Services.GetRequiredService<JobStorage>().GetMonitoringApi().FailedCount());
        Assert.Single(_service.Receiver.Mentioning(jobId));
    }

    [Fact(Timeout = 30_000)]
    public async Task The_log_endpoints_refuse_malformed_and_unknown_ids()
    {
        using var client = _service.CreateClient();
        const string unknown = "0123456789abcdef0123456789abcdef";

        Assert.Equal(400, (await client.GetJsonAsync("/_emulator/callbacks?jobId=../etc", Ct)).Status);
        Assert.Equal(400, (await client.GetJsonAsync("/_emulator/callbacks?status=Lost", Ct)).Status);
        Assert.Equal(404, (await client.GetJsonAsync("/_emulator/callbacks?jobId=" + unknown, Ct)).Status);
        Assert.Equal(404, (await client.GetJsonAsync("/_emulator/callbacks/" + unknown, Ct)).Status);
        Assert.Equal(404, (await client.GetJsonAsync("/_emulator/callbacks/ABC", Ct)).Status);
        Assert.Equal(404, (await client.PostJsonAsync($"/_emulator/callbacks/{unknown}/redeliver", Ct)).Status);
        Assert.Equal(404, (await client.PostJsonAsync("/_emulator/callbacks/x/redeliver", Ct)).Status);
        var (status, all) = await client.GetJsonAsync("/_emulator/callbacks?status=failed", Ct);
        Assert.Equal(200, status);
        Assert.Equal(JsonValueKind.Array, all.GetProperty("Deliveries").ValueKind);
    }
}

/// <summary>The same tests on PostgreSQL, its rows and its job queues.</summary>
public sealed class CallbackDeliveryOnPostgreSqlTests : CallbackDeliveryTests, IClassFixture<CallbackDeliveryTests.FixtureOnPostgreSql>
{
    public CallbackDeliveryOnPostgreSqlTests(CallbackDeliveryTests.FixtureOnPostgreSql service, TestClips clips)
        : base(service, clips) => TestDatabase.SkipIfUnavailable();
}
