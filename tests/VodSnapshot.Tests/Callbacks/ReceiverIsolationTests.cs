using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Callbacks;

/// <summary>
/// Destinations are isolated: receivers that hang, fail or refuse connections slow only their own deliveries, and a
/// pause before a retry holds nothing. Every receiver is a real server on 127.0.0.1 (the refusing one a closed port there).
/// </summary>
public sealed class ReceiverIsolationTests(TestClips clips) : IClassFixture<TestClips>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 180_000)]
    public async Task A_good_receivers_latency_stays_at_its_baseline_with_ten_hanging_receivers_and_failing_ones()
    {
        await using var good = await CallbackReceiver.StartAsync();
        var hanging = new List<CallbackReceiver>();
        for (var i = 0; i < 10; i++)
        {
            var receiver = await CallbackReceiver.StartAsync();
            receiver.RespondWith([.. Enumerable.Repeat(CallbackReceiver.Hang, 100)]);
            hanging.Add(receiver);
        }

        await using var failing = await CallbackReceiver.StartAsync();
        failing.RespondWith([.. Enumerable.Repeat(500, 100)]);
        var refusing = $"http://127.0.0.1:{ClosedPort()}/callback";
        try
        {
            // The default delivery settings: 3 attempts of up to 5 s, 1 s apart, 4 at a time per destination.
            // A global HTTP configuration of every event (seeded from Callback:Url), without which UserData URLs are not called.
            using var app = TestHost.Create(b => b.Set("Callback:Url", good.Url("/global")));
            using var client = app.CreateClient();
            var video = await client.RegisterAsync(app.AddMedia(clips.Ramp), Ct);

            // One delivery to warm up (first connection, first compilation), then the baseline.
            await DeliveryLatencyAsync(client, good, video);
            var baseline = new List<TimeSpan>();
            for (var i = 0; i < 3; i++)
            {
                baseline.Add(await DeliveryLatencyAsync(client, good, video));
            }

            // Two deliveries per hanging receiver, and some to a receiver answering 500 and to a closed port; jobs that
            // fail at once (an injected fault), so their events are out before the good jobs run.
            var bad = new List<(string JobId, string Kind)>();
            foreach (var receiver in hanging)
            {
                for (var i = 0; i < 2; i++)
                {
                    bad.Add((await SubmitFailingAsync(client, video, receiver.Url()), "hangs"));
                }
            }

            for (var i = 0; i < 2; i++)
            {
                bad.Add((await SubmitFailingAsync(client, video, failing.Url()), "500"));
                bad.Add((await SubmitFailingAsync(client, video, refusing), "refused"));
            }

            await WaitUntilAsync(() => hanging.All(r => r.All.Count >= 2), TimeSpan.FromSeconds(30));

            var loaded = new List<TimeSpan>();
            for (var i = 0; i < 3; i++)
            {
                loaded.Add(await DeliveryLatencyAsync(client, good, video));
            }

            TestContext.Current.TestOutputHelper?.WriteLine($"Good receiver latency: baseline {Ms(baseline)}; with ten hanging receivers {Ms(loaded)}.");
            Assert.True(hanging.All(r => r.MaxInFlight == 2), "Every hanging receiver held both its deliveries at once.");
            Assert.True(loaded.Max() <= baseline.Max() + TimeSpan.FromSeconds(1),
                $"Good receiver latency with ten hanging receivers: {Ms(loaded)}; baseline: {Ms(baseline)}.");

            // Nothing of the guarantees is lost for the bad destinations: three attempts each, one second apart, then Failed.
            foreach (var (jobId, kind) in bad)
            {
                var delivery = await client.WaitForDeliveryEndAsync(jobId, TimeSpan.FromSeconds(60), Ct);
                var attempts = delivery.GetProperty("Attempts").EnumerateArray().ToList();
                Assert.Equal("Failed", delivery.GetProperty("Status").GetString());
                Assert.Equal(3, attempts.Count);
                Assert.All(attempts, a => Assert.Equal(kind == "500" ? 500 : (int?)null, StatusOf(a)));
                if (kind == "hangs")
                {
                    Assert.All(attempts, a => Assert.Equal("No answer within 5 s.", a.GetProperty("Error").GetString()));
                }

                for (var i = 1; i < attempts.Count; i++)
                {
                    var previousEnd = attempts[i - 1].GetProperty("Time").GetDateTimeOffset().AddMilliseconds(attempts[i - 1].GetProperty("LatencyMs").GetInt64());
                    Assert.True(attempts[i].GetProperty("Time").GetDateTimeOffset() - previousEnd >= TimeSpan.FromMilliseconds(950), $"Attempts of {jobId} came less than the retry delay apart.");
                }
            }

            var eventIds = hanging.SelectMany(r => r.All).GroupBy(c => c.Headers["X-VodSnapshot-Event-Id"]).ToList();
            Assert.Equal(20, eventIds.Count);
            Assert.All(eventIds, g => Assert.Equal(3, g.Count()));
        }
        finally
        {
            foreach (var receiver in hanging)
            {
                await receiver.DisposeAsync();
            }
        }
    }

    [Fact(Timeout = 90_000)]
    public async Task A_destination_never_has_more_attempts_in_flight_than_its_limit()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        receiver.RespondWith([.. Enumerable.Repeat(CallbackReceiver.Hang, 100)]);
        using var app = TestHost.Create(b => b
            .Set("Callback:Url", receiver.Url("/global"))
            .Set("Jobs:CallbackConcurrency", "2")
            .Set("Callback:Timeout", TimeSpan.FromSeconds(2))
            .Set("Callback:Attempts", "1"));
        using var client = app.CreateClient();
        var video = await client.RegisterAsync(app.AddMedia(clips.Ramp), Ct);

        var jobs = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            jobs.Add(await SubmitFailingAsync(client, video, receiver.Url()));
        }

        foreach (var job in jobs)
        {
            var delivery = await client.WaitForDeliveryEndAsync(job, TimeSpan.FromSeconds(60), Ct);
            Assert.Equal("Failed", delivery.GetProperty("Status").GetString());
        }

        Assert.Equal(5, receiver.All.Count);
        // Counted from the service's side: an attempt holds its slot for the 2 s timeout, so the attempts that arrive
        // within 1.5 s of each other were in flight together. (The receiver's own in-flight count also holds a
        // request until it notices the caller's disconnect, which can come after the next attempt has arrived.)
        Assert.Equal(2, MostAtOnce([.. receiver.All.Select(r => r.At)], TimeSpan.FromSeconds(1.5)));
    }

    /// <summary>The largest number of arrivals that fall inside one window of <paramref name="width"/>.</summary>
    private static int MostAtOnce(List<DateTimeOffset> arrivals, TimeSpan width) =>
        arrivals.Max(start => arrivals.Count(a => a >= start && a < start + width));

    /// <summary>From the job's completion (its CompleteTime) to the receiver having the event.</summary>
    private static async Task<TimeSpan> DeliveryLatencyAsync(HttpClient client, CallbackReceiver receiver, string video)
    {
        var job = await client.SubmitAsync(video, new Dictionary<string, string> { ["UserData"] = CallbackTo(receiver.Url()) }, ct: Ct);
        await receiver.EventOfAsync(job, TimeSpan.FromSeconds(60), Ct);
        var received = receiver.Mentioning(job)[0].At;
        var (_, view) = await client.GetJsonAsync("/_emulator/jobs/" + job, Ct);
        return received - view.GetProperty("CompleteTime").GetDateTimeOffset();
    }

    private static Task<string> SubmitFailingAsync(HttpClient client, string video, string url) =>
        client.SubmitAsync(video, new Dictionary<string, string>
        {
            ["UserData"] = JsonSerializer.Serialize(new { MessageCallback = new { CallbackURL = url }, VodSnapshotFault = "fail=InternalError" }),
        }, ct: Ct);

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(timeout);
        while (!condition())
        {
            await Task.Delay(50, cts.Token);
        }
    }

    /// <summary>A port on 127.0.0.1 that nothing listens on, so connecting is refused.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static int? StatusOf(JsonElement attempt) =>
        attempt.GetProperty("StatusCode") is { ValueKind: JsonValueKind.Number } status ? status.GetInt32() : null;

    private static string Ms(IEnumerable<TimeSpan> latencies) => string.Join(", ", latencies.Select(l => $"{l.TotalMilliseconds:0} ms"));

    private static string CallbackTo(string url) => JsonSerializer.Serialize(new { MessageCallback = new { CallbackURL = url } });
}
