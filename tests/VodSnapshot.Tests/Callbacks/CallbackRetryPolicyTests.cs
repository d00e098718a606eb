using VodSnapshot.Api.Features.Callbacks;

namespace VodSnapshot.Tests.Callbacks;

[Trait("Category", "Unit")]
public class CallbackRetryPolicyTests
{
    [Theory]
    [InlineData(200, true)]
    [InlineData(201, false)]
    [InlineData(204, false)]
    [InlineData(301, false)]
    [InlineData(302, false)]
    [InlineData(404, false)]
    [InlineData(500, false)]
    [InlineData(null, false)]
    public void Only_http_200_counts_as_received(int? status, bool success) => Assert.Equal(success, CallbackRetryPolicy.IsSuccess(status));

    [Fact]
    public void A_round_makes_the_configured_attempts_the_retry_delay_apart_and_the_first_at_once()
    {
        var policy = new CallbackRetryPolicy(3, TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.Zero, policy.NextDelay(0));
        Assert.Equal(TimeSpan.FromSeconds(1), policy.NextDelay(1));
        Assert.Equal(TimeSpan.FromSeconds(1), policy.NextDelay(2));
        Assert.Null(policy.NextDelay(3));
        Assert.Null(policy.NextDelay(4));
    }

    [Fact]
    public void The_defaults_are_the_vendors()
    {
        var options = new CallbackOptions();
        var policy = CallbackRetryPolicy.From(options);

        Assert.Equal((3, TimeSpan.FromSeconds(1)), (policy.Attempts, policy.RetryDelay));
        Assert.Equal(TimeSpan.FromSeconds(5), options.Timeout);
        Assert.True(options.AllowPrivateNetworks);
        Assert.Null(options.AuthKey);
    }

    [Fact]
    public void A_single_attempt_round_never_retries()
    {
        var policy = new CallbackRetryPolicy(1, TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.Zero, policy.NextDelay(0));
        Assert.Null(policy.NextDelay(1));
    }
}
