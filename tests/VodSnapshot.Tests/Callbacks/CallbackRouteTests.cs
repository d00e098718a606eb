using VodSnapshot.Api.Features.Callbacks;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Tests.Callbacks;

/// <summary>The vendor's callback rules as a pure decision: which URL an event goes to, or why none.</summary>
[Trait("Category", "Unit")]
public class CallbackRouteTests
{
    private const string Global = "http://127.0.0.1:9000/global";
    private static readonly (string, string) Own = ("http://127.0.0.1:9000/own", "MessageCallback.CallbackURL");

    private static MessageCallbackConfig Http(string events) => new()
    {
        AppId = "app-1000000", CallbackType = "HTTP", CallbackUrl = Global, EventTypeList = events, Source = "SetMessageCallback",
    };

    [Theory]
    [InlineData("ALL")]
    [InlineData("SnapshotComplete")]
    [InlineData("FileUploadComplete,SnapshotComplete")]
    public void A_listed_event_goes_to_the_UserData_url_else_the_global_one(string events)
    {
        Assert.Equal(Own.Item1, CallbackRoute.Decide(Http(events), "SnapshotComplete", Own, vendorRule: true).Url);
        var global = CallbackRoute.Decide(Http(events), "SnapshotComplete", null, vendorRule: true);
        Assert.Equal((Global, null), (global.Url, global.NotSent));
        Assert.Contains("SetMessageCallback", global.Origin, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("FileUploadComplete")]
    [InlineData("SnapshotCompleted")]
    public void An_unlisted_event_goes_nowhere_and_a_UserData_url_is_set_aside_with_the_reason(string events)
    {
        var route = CallbackRoute.Decide(Http(events), "SnapshotComplete", Own, vendorRule: true);
        Assert.Equal((null, Own.Item1), (route.Url, route.IgnoredUrl));
        Assert.Contains("not in the EventTypeList", route.NotSent, StringComparison.Ordinal);
        Assert.Equal(CallbackRoute.Nowhere, CallbackRoute.Decide(Http(events), "SnapshotComplete", null, vendorRule: true));
    }

    [Fact]
    public void Without_a_configuration_only_the_rule_turned_off_calls_a_UserData_url()
    {
        Assert.Contains("no global callback configuration", CallbackRoute.Decide(null, "SnapshotComplete", Own, vendorRule: true).NotSent, StringComparison.Ordinal);
        Assert.Equal(CallbackRoute.Nowhere, CallbackRoute.Decide(null, "SnapshotComplete", null, vendorRule: true));
        Assert.Equal(Own.Item1, CallbackRoute.Decide(null, "SnapshotComplete", Own, vendorRule: false).Url);
        Assert.Equal(Own.Item1, CallbackRoute.Decide(Http(""), "SnapshotComplete", Own, vendorRule: false).Url);
    }

    [Fact]
    public void Under_MNS_nothing_is_sent_and_a_UserData_url_does_not_take_effect()
    {
        var mns = new MessageCallbackConfig { AppId = "app-1000000", CallbackType = "MNS", MnsQueueName = "q1", EventTypeList = "ALL", Source = "SetMessageCallback" };
        var withUrl = CallbackRoute.Decide(mns, "SnapshotComplete", Own, vendorRule: true);
        Assert.Equal((null, Own.Item1), (withUrl.Url, withUrl.IgnoredUrl));
        Assert.Contains("does not take effect under MNS", withUrl.NotSent, StringComparison.Ordinal);
        Assert.Contains("no queue service", CallbackRoute.Decide(mns, "SnapshotComplete", null, vendorRule: true).NotSent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Abc123", true)]
    [InlineData("abc123", false)]
    [InlineData("ABC123", false)]
    [InlineData("Abcdef", false)]
    [InlineData("Abc 123", false)]
    [InlineData("Abc123Abc123Abc123Abc123Abc123Ab", true)]
    [InlineData("Abc123Abc123Abc123Abc123Abc123Abc", false)]
    public void The_AuthKey_rule_is_the_vendors(string key, bool accepted) =>
        Assert.Equal(accepted, MessageCallbackSettings.AuthKeyProblem(key) is null);

    [Fact]
    public void EventTypeList_names_are_case_sensitive_and_absent_means_none()
    {
        Assert.Equal(string.Empty, MessageCallbackSettings.EventTypeList(null));
        Assert.Equal("SnapshotComplete,AIComplete", MessageCallbackSettings.EventTypeList("SnapshotComplete, AIComplete"));
        Assert.Equal("EventTypeList", Assert.Throws<RpcException>(() => MessageCallbackSettings.EventTypeList("snapshotcomplete")).Parameter);
    }
}
