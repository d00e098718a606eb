using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Callbacks;

/// <summary>
/// SetMessageCallback / GetMessageCallback / DeleteMessageCallback on real SQLite, and the vendor's rule that a UserData
/// callback URL takes effect only under a global HTTP configuration listing the event, with a real loopback receiver.
/// Each test sets the configuration it needs first (tests of a class run one after the other).
/// </summary>
public class MessageCallbackTests(MessageCallbackTests.Fixture service, TestClips clips) : IClassFixture<MessageCallbackTests.Fixture>, IClassFixture<TestClips>
{
    private const string Key = "CallbackKey42abc";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public sealed class Fixture() : TestHost(b => b.WithCallbackReceiver().Set("Callback:RetryDelay", "00:00:00.100"));

    private Task<(int Status, JsonElement Body)> Set(params (string, string)[] parameters) => service.JsonAsync("SetMessageCallback", parameters);

    private static string UserData(string url) => JsonSerializer.Serialize(new { MessageCallback = new { CallbackURL = url } });

    [Fact(Timeout = 30_000)]
    public async Task A_new_database_starts_with_Callback_Url_as_an_HTTP_configuration_of_every_event()
    {
        await using var host = await TestHost.StartAsync(b => b.WithCallbackReceiver("/seeded").Set("Callback:AuthKey", Key));

        var (status, body) = await host.JsonAsync("GetMessageCallback");

        Assert.Equal(200, status);
        var config = body.GetProperty("MessageCallback");
        Assert.Equal(("app-1000000", "HTTP", host.Receiver.Url("/seeded"), "ALL"),
            (config.GetProperty("AppId").GetString(), config.GetProperty("CallbackType").GetString(), config.GetProperty("CallbackURL").GetString(), config.GetProperty("EventTypeList").GetString()));
        Assert.Equal(("on", Key), (config.GetProperty("AuthSwitch").GetString(), config.GetProperty("AuthKey").GetString()));
    }

    [Fact(Timeout = 30_000)]
    public async Task Set_then_get_then_delete_and_refused_calls_change_nothing()
    {
        var url = service.Receiver.Url("/configured");
        Assert.Equal(200, (await Set(("CallbackType", "HTTP"), ("CallbackURL", url), ("EventTypeList", "SnapshotComplete,FileUploadComplete"), ("AuthSwitch", "on"), ("AuthKey", Key))).Status);

        var refused = new (string Code, (string, string)[] Parameters)[]
        {
            ("MissingParameter", [("CallbackType", "HTTP")]),
            ("InvalidParameter", [("CallbackType", "SMQ"), ("CallbackURL", url)]),
            ("InvalidParameter", [("CallbackURL", "ftp://example.com/cb")]),
            ("InvalidParameter", [("CallbackURL", url), ("EventTypeList", "SnapshotComplete,snapshotcomplete")]),
            ("InvalidParameter", [("CallbackURL", url), ("AuthSwitch", "yes")]),
            ("InvalidParameter", [("CallbackURL", url), ("AuthSwitch", "on"), ("AuthKey", "alllowercase123")]),
            ("InvalidParameter", [("CallbackURL", url), ("AuthKey", new string('A', 20) + new string('b', 10) + "123")]),
            ("MissingParameter", [("CallbackURL", url), ("AuthSwitch", "on")]),
            ("MissingParameter", [("CallbackType", "MNS")]),
            ("InvalidParameter", [("CallbackType", "MNS"), ("MnsQueueName", "1queue")]),
            ("InvalidParameter", [("CallbackURL", url), ("AppId", "app 1")]),
        };
        foreach (var (code, parameters) in refused)
        {
            var (status, body) = await Set(parameters);
            Assert.True((400, code) == (status, body.GetProperty("Code").GetString()), $"{string.Join('&', parameters)}: {body}");
        }

        var config = (await service.JsonAsync("GetMessageCallback")).Body.GetProperty("MessageCallback");
        Assert.Equal((url, "SnapshotComplete,FileUploadComplete", "on", Key),
            (config.GetProperty("CallbackURL").GetString(), config.GetProperty("EventTypeList").GetString(), config.GetProperty("AuthSwitch").GetString(), config.GetProperty("AuthKey").GetString()));

        // MNS: its fields only; another application is apart.
        Assert.Equal(200, (await Set(("CallbackType", "MNS"), ("MnsQueueName", "vod-events"), ("MnsEndpoint", "http://1234567.mns.cn-shanghai.aliyuncs.com/"), ("EventTypeList", "ALL"), ("AppId", "app-2"))).Status);
        var mns = (await service.JsonAsync("GetMessageCallback", ("AppId", "app-2"))).Body.GetProperty("MessageCallback");
        Assert.Equal(("MNS", "vod-events", "ALL"), (mns.GetProperty("CallbackType").GetString(), mns.GetProperty("MnsQueueName").GetString(), mns.GetProperty("EventTypeList").GetString()));
        Assert.False(mns.TryGetProperty("CallbackURL", out _));
        var (xmlStatus, xml) = await service.XmlAsync("GetMessageCallback", ("AppId", "app-2"));
        Assert.Equal((200, "vod-events"), (xmlStatus, xml.Element("MessageCallback")?.Element("MnsQueueName")?.Value));

        Assert.Equal(200, (await service.JsonAsync("DeleteMessageCallback", ("AppId", "app-2"))).Status);
        var (gotStatus, gone) = await service.JsonAsync("GetMessageCallback", ("AppId", "app-2"));
        Assert.Equal(200, gotStatus);
        Assert.False(gone.TryGetProperty("MessageCallback", out _));
        Assert.True(gone.TryGetProperty("RequestId", out _));
        Assert.Equal(url, (await service.JsonAsync("GetMessageCallback")).Body.GetProperty("MessageCallback").GetProperty("CallbackURL").GetString());
        Assert.Equal(200, (await service.JsonAsync("DeleteMessageCallback", ("AppId", "app-2"))).Status);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_UserData_url_is_used_under_an_HTTP_configuration_listing_the_event_and_signed_with_its_key()
    {
        Assert.Equal(200, (await Set(("CallbackURL", service.Receiver.Url("/global")), ("EventTypeList", "FileUploadComplete,SnapshotComplete"), ("AuthSwitch", "on"), ("AuthKey", Key))).Status);
        using var client = service.CreateClient();
        var video = await service.RegisterAsync(clips.Ramp, ct: Ct);
        var own = service.Receiver.Url("/own");

        var jobId = await client.SubmitAsync(video, new Dictionary<string, string> { ["UserData"] = UserData(own) }, ct: Ct);
        var delivery = await client.WaitForDeliveryEndAsync(jobId, Patience, Ct);

        Assert.Equal(("Delivered", own), (delivery.GetProperty("Status").GetString(), delivery.GetProperty("Url").GetString()));
        var received = Assert.Single(service.Receiver.Mentioning(jobId));
        Assert.Equal("/own", received.Path);
        var timestamp = received.Headers["X-VOD-TIMESTAMP"];
#pragma warning disable CA5351 // the vendor's scheme
        var expected = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes($"{own}|{timestamp}|{Key}")));
#pragma warning restore CA5351
        Assert.Equal(expected, received.Headers["X-VOD-SIGNATURE"]);
        Assert.Equal(10, timestamp.Length);
        Assert.True(long.Parse(timestamp, CultureInfo.InvariantCulture) > 0);
    }

    [Fact(Timeout = 60_000)]
    public async Task Without_a_configuration_a_UserData_url_is_not_called_and_the_job_and_log_say_why()
    {
        Assert.Equal(200, (await service.JsonAsync("DeleteMessageCallback")).Status);
        using var client = service.CreateClient();
        var video = await service.RegisterAsync(clips.Ramp, ct: Ct);
        var own = service.Receiver.Url("/ignored");

        var jobId = await client.SubmitAsync(video, new Dictionary<string, string> { ["UserData"] = UserData(own) }, ct: Ct);
        var job = await client.WaitForJobAsync(jobId, j => j.GetProperty("Status").GetString() == "Succeeded", Patience, Ct);
        var delivery = await client.WaitForDeliveryAsync(jobId, _ => true, Patience, Ct);

        var note = job.GetProperty("CallbackNote").GetString()!;
        Assert.Contains(own, note, StringComparison.Ordinal);
        Assert.Contains("no global callback configuration", note, StringComparison.Ordinal);
        Assert.Contains("SetMessageCallback", note, StringComparison.Ordinal);
        Assert.Equal(("NotSent", note), (delivery.GetProperty("Status").GetString(), delivery.GetProperty("Reason").GetString()));
        Assert.Empty(delivery.GetProperty("Attempts").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, job.GetProperty("CallbackUrl").ValueKind);
        var (redeliver, refusal) = await client.PostJsonAsync($"/_emulator/callbacks/{delivery.GetProperty("DeliveryId").GetString()}/redeliver", Ct);
        Assert.Equal(409, redeliver);
        Assert.Contains("never sent", refusal.GetRawText(), StringComparison.Ordinal);
        Assert.Empty(service.Receiver.Mentioning(jobId));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_UserData_url_is_not_called_when_the_configuration_does_not_list_the_event()
    {
        Assert.Equal(200, (await Set(("CallbackURL", service.Receiver.Url("/global")), ("EventTypeList", "FileUploadComplete"))).Status);
        using var client = service.CreateClient();
        var video = await service.RegisterAsync(clips.Ramp, ct: Ct);

        var jobId = await client.SubmitAsync(video, new Dictionary<string, string> { ["UserData"] = UserData(service.Receiver.Url("/unlisted")) }, ct: Ct);
        var delivery = await client.WaitForDeliveryAsync(jobId, _ => true, Patience, Ct);

        Assert.Equal("NotSent", delivery.GetProperty("Status").GetString());
        Assert.Contains("SnapshotComplete is not in the EventTypeList", delivery.GetProperty("Reason").GetString(), StringComparison.Ordinal);
        await client.WaitForJobAsync(jobId, j => j.GetProperty("Status").GetString() == "Succeeded", Patience, Ct);
        Assert.Empty(service.Receiver.Mentioning(jobId));
    }

    [Fact(Timeout = 60_000)]
    public async Task Under_an_MNS_configuration_nothing_is_sent_and_the_log_says_there_is_no_queue_service()
    {
        Assert.Equal(200, (await Set(("CallbackType", "MNS"), ("MnsQueueName", "vod-events"), ("EventTypeList", "ALL"))).Status);
        using var client = service.CreateClient();
        var video = await service.RegisterAsync(clips.Ramp, ct: Ct);

        var jobId = await client.SubmitAsync(video, ct: Ct);
        var delivery = await client.WaitForDeliveryAsync(jobId, _ => true, Patience, Ct);

        Assert.Equal("NotSent", delivery.GetProperty("Status").GetString());
        Assert.Contains("MNS queue vod-events", delivery.GetProperty("Reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("no queue service", delivery.GetProperty("Reason").GetString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task With_the_rule_turned_off_a_UserData_url_is_called_without_a_configuration()
    {
        await using var host = await TestHost.StartAsync(b => b.WithCallbackReceiver().Set("Callback:VendorUserDataRule", "false"));
        Assert.Equal(200, (await host.JsonAsync("DeleteMessageCallback")).Status);
        using var client = host.CreateClient();
        var video = await host.RegisterAsync(clips.Ramp, ct: Ct);

        var jobId = await client.SubmitAsync(video, new Dictionary<string, string> { ["UserData"] = UserData(host.Receiver.Url("/anyway")) }, ct: Ct);
        var delivery = await client.WaitForDeliveryEndAsync(jobId, Patience, Ct);

        Assert.Equal("Delivered", delivery.GetProperty("Status").GetString());
        Assert.Equal("/anyway", Assert.Single(host.Receiver.Mentioning(jobId)).Path);
        Assert.Equal(0, await host.WithDbAsync(db => db.MessageCallbacks.CountAsync(Ct)));
    }
}
