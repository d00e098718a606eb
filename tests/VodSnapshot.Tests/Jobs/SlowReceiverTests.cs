using System.Diagnostics;
using System.Text.Json;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Jobs;

/// <summary>Deliveries run on their own queue: a receiver that never answers holds neither media work nor other deliveries.</summary>
public sealed class SlowReceiverTests(TestClips clips) : IClassFixture<TestClips>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 60_000)]
    public async Task A_receiver_that_hangs_does_not_delay_another_jobs_completion_or_callback()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        receiver.RespondOn("/hangs", CallbackReceiver.Hang);
        // One media worker: were deliveries made on it, the second job could not even start while the first one's hangs.
        // A global HTTP configuration of every event (seeded from Callback:Url), without which UserData URLs are not called.
        using var app = TestHost.Create(b => b.Set("Jobs:MaxConcurrency", "1").Set("Callback:Timeout", "00:00:30").Set("Callback:Url", receiver.Url("/global")));
        using var client = app.CreateClient();
        var video = await client.RegisterAsync(app.AddMedia(clips.Ramp), Ct);

        var slowJob = await client.SubmitAsync(video, new Dictionary<string, string> { ["UserData"] = CallbackTo(receiver.Url("/hangs")) }, ct: Ct);
        var hanging = await receiver.NextAsync(TimeSpan.FromSeconds(30), Ct);
        var watch = Stopwatch.StartNew();
        var otherJob = await client.SubmitAsync(video, new Dictionary<string, string> { ["UserData"] = CallbackTo(receiver.Url("/answers")) }, ct: Ct);
        var other = await receiver.NextAsync(TimeSpan.FromSeconds(20), Ct);
        var took = watch.Elapsed;
        var (_, slowView) = await client.GetJsonAsync("/_emulator/jobs/" + slowJob, Ct);

        Assert.Equal("/hangs", hanging.Path);
        Assert.Equal(("/answers", otherJob), (other.Path, other.Json.GetProperty("JobId").GetString()));
        Assert.True(took < TimeSpan.FromSeconds(15), $"The other job's callback took {took} while a receiver hung.");
        Assert.Equal("Pending", slowView.GetProperty("Deliveries")[0].GetProperty("Status").GetString());
    }

    private static string CallbackTo(string url) => JsonSerializer.Serialize(new { MessageCallback = new { CallbackURL = url } });
}
