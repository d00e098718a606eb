using Microsoft.Extensions.Options;
using VodSnapshot.Api.Features.Callbacks;
using VodSnapshot.Api.Hosting;

namespace VodSnapshot.Tests.Callbacks;

[Trait("Category", "Unit")]
public class CallbackLanesTests
{
    [Theory]
    [InlineData("http://127.0.0.1:9000/a", "http://127.0.0.1:9000/b?x=1", true)]
    [InlineData("http://Example.COM/a", "http://example.com:80/b", true)]
    [InlineData("http://127.0.0.1:9000/a", "http://127.0.0.1:9001/a", false)]
    [InlineData("http://example.com/a", "https://example.com/a", false)]
    [InlineData("http://a.example.com/", "http://b.example.com/", false)]
    public void A_destination_is_scheme_host_and_port(string one, string other, bool same) =>
        Assert.Equal(same, CallbackLanes.Destination(one) == CallbackLanes.Destination(other));

    [Fact]
    public async Task A_lane_admits_its_limit_and_the_next_attempt_once_a_slot_is_freed_while_other_lanes_go_on()
    {
        var lanes = new CallbackLanes(Options.Create(new JobsOptions { CallbackConcurrency = 2 }));
        var first = await lanes.EnterAsync("http://127.0.0.1:1/", CancellationToken.None);
        using var second = await lanes.EnterAsync("http://127.0.0.1:1/", CancellationToken.None);
        var third = lanes.EnterAsync("http://127.0.0.1:1/", CancellationToken.None);
        using var elsewhere = await lanes.EnterAsync("http://127.0.0.1:2/", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.False(third.IsCompleted);
        first.Dispose();
        first.Dispose();
        using var admitted = await third.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.False(lanes.EnterAsync("http://127.0.0.1:1/", CancellationToken.None).IsCompleted);
    }
}
