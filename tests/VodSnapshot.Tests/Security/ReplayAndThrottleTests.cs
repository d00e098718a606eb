using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using VodSnapshot.Api.Security;
using VodSnapshot.Tests.TestSupport;
using static VodSnapshot.Tests.TestSupport.RpcCalls;

namespace VodSnapshot.Tests.Security;

public class ReplayAndThrottleTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 30, 0, TimeSpan.Zero);

    private static IOptions<SecurityOptions> Options(int maxNonces = 1000, int perSecond = 0) =>
        Microsoft.Extensions.Options.Options.Create(new SecurityOptions { MaxTrackedNonces = maxNonces, RateLimitPerSecond = perSecond });

    [Trait("Category", "Unit")]
    [Fact]
    public void A_nonce_is_refused_until_it_expires_and_is_per_key()
    {
        var clock = new FakeTimeProvider(Start);
        var nonces = new NonceRegistry(clock, Options());

        Assert.Equal(NonceUse.Accepted, nonces.TryUse("k1", "n", Start.AddMinutes(15)));
        Assert.Equal(NonceUse.Replayed, nonces.TryUse("k1", "n", Start.AddMinutes(15)));
        Assert.Equal(NonceUse.Accepted, nonces.TryUse("k2", "n", Start.AddMinutes(15)));
        Assert.Equal(NonceUse.Accepted, nonces.TryUse("k1n", string.Empty, Start.AddMinutes(15)));

        clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(NonceUse.Accepted, nonces.TryUse("k1", "n", clock.GetUtcNow().AddMinutes(15)));
    }

    [Trait("Category", "Unit")]
    [Fact]
    public void Memory_stays_bounded_expired_nonces_are_swept_and_a_full_table_refuses_instead_of_forgetting()
    {
        var clock = new FakeTimeProvider(Start);
        var nonces = new NonceRegistry(clock, Options(maxNonces: 100));
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(NonceUse.Accepted, nonces.TryUse("k", $"n{i}", Start.AddMinutes(15)));
        }

        Assert.Equal(NonceUse.Full, nonces.TryUse("k", "one-more", Start.AddMinutes(15)));
        Assert.Equal(NonceUse.Replayed, nonces.TryUse("k", "n0", Start.AddMinutes(15)));
        Assert.Equal(100, nonces.Count);

        clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(NonceUse.Accepted, nonces.TryUse("k", "one-more", clock.GetUtcNow().AddMinutes(15)));
        Assert.Equal(1, nonces.Count);
    }

    [Trait("Category", "Unit")]
    [Fact]
    public void A_full_table_frees_room_as_soon_as_its_earliest_entry_expires()
    {
        var clock = new FakeTimeProvider(Start);
        var nonces = new NonceRegistry(clock, Options(maxNonces: 2));
        Assert.Equal(NonceUse.Accepted, nonces.TryUse("k", "short", Start.AddSeconds(30)));
        Assert.Equal(NonceUse.Accepted, nonces.TryUse("k", "long", Start.AddMinutes(30)));

        Assert.Equal(NonceUse.Full, nonces.TryUse("k", "third", Start.AddMinutes(15)));
        clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(NonceUse.Accepted, nonces.TryUse("k", "third", clock.GetUtcNow().AddMinutes(15)));
        Assert.Equal(NonceUse.Replayed, nonces.TryUse("k", "long", clock.GetUtcNow().AddMinutes(15)));
    }

    [Trait("Category", "Unit")]
    [Fact]
    public void Long_nonces_take_no_more_room_than_short_ones()
    {
        var nonces = new NonceRegistry(new FakeTimeProvider(Start), Options());

        Assert.Equal(NonceUse.Accepted, nonces.TryUse("k", new string('x', 60_000), Start.AddMinutes(15)));
        Assert.Equal(NonceUse.Replayed, nonces.TryUse("k", new string('x', 60_000), Start.AddMinutes(15)));
        Assert.Equal(NonceUse.Accepted, nonces.TryUse("k", new string('x', 59_999), Start.AddMinutes(15)));
    }

    [Trait("Category", "Unit")]
    [Fact]
    public void The_rate_limit_allows_a_one_second_burst_then_keeps_to_the_rate_per_caller()
    {
        var clock = new FakeTimeProvider(Start);
        var limiter = new UserRateLimiter(clock, Options(perSecond: 3));

        Assert.All(Enumerable.Range(0, 3), _ => Assert.True(limiter.TryAcquire("a")));
        Assert.False(limiter.TryAcquire("a"));
        Assert.True(limiter.TryAcquire("b"));
        Assert.True(limiter.TryAcquire(null));

        clock.Advance(TimeSpan.FromMilliseconds(340));
        Assert.True(limiter.TryAcquire("a"));
        Assert.False(limiter.TryAcquire("a"));

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.All(Enumerable.Range(0, 3), _ => Assert.True(limiter.TryAcquire("a")));
        Assert.False(limiter.TryAcquire("a"));
    }

    [Trait("Category", "Unit")]
    [Fact]
    public void A_zero_rate_limit_is_off()
    {
        var limiter = new UserRateLimiter(new FakeTimeProvider(Start), Options(perSecond: 0));

        Assert.All(Enumerable.Range(0, 10_000), _ => Assert.True(limiter.TryAcquire("a")));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_throttled_key_gets_throttling_user_while_anonymous_callers_share_one_budget()
    {
        using var host = TestHost.Create(b => b.ForSignedCalls().Set("Security:RateLimitPerSecond", "2"));
        var video = P(("VideoId", UnknownVideoId));

        Assert.Equal("InvalidVideo.NotFound", (await host.GetAsync(host.SignedCall("GET", "GetVideoInfo", video))).Body.GetProperty("Code").GetString());
        Assert.Equal("InvalidVideo.NotFound", (await host.GetAsync(host.SignedCall("GET", "GetVideoInfo", video))).Body.GetProperty("Code").GetString());
        var throttled = await host.GetAsync(host.SignedCall("GET", "GetVideoInfo", video));
        Assert.Equal(HttpStatusCode.BadRequest, throttled.Status);
        Assert.Equal("Throttling.User", throttled.Body.GetProperty("Code").GetString());
        Assert.Equal("Request was denied due to user flow control.", throttled.Body.GetProperty("Message").GetString());

        // Anonymous calls have their own shared budget, untouched by the key's.
        Assert.Equal("InvalidVideo.NotFound", (await host.GetAsync(UnsignedCall("GetVideoInfo", video))).Body.GetProperty("Code").GetString());
        Assert.Equal("InvalidVideo.NotFound", (await host.GetAsync(UnsignedCall("GetVideoInfo", video))).Body.GetProperty("Code").GetString());
        Assert.Equal("Throttling.User", (await host.GetAsync(UnsignedCall("GetVideoInfo", video))).Body.GetProperty("Code").GetString());

        // A caller with an unknown key or a bad signature cannot spend the key's budget.
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("SignatureDoesNotMatch", (await host.GetAsync(host.SignedCall("GET", "GetVideoInfo", video, secret: "guess"))).Body.GetProperty("Code").GetString());
        }

        Assert.Equal("InvalidVideo.NotFound", (await host.GetAsync(host.SignedCall("GET", "GetVideoInfo", video))).Body.GetProperty("Code").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task Anonymous_calls_are_served_by_default()
    {
        using var host = TestHost.Create(b => b.ForSignedCalls());

        var answer = await host.GetAsync(UnsignedCall("GetVideoInfo", P(("VideoId", UnknownVideoId))));

        Assert.Equal("InvalidVideo.NotFound", answer.Body.GetProperty("Code").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_signed_call_is_verified_even_when_anonymous_calls_are_allowed()
    {
        using var host = TestHost.Create(b => b.ForSignedCalls());
        var video = P(("VideoId", UnknownVideoId));

        Assert.Equal("SignatureDoesNotMatch", (await host.GetAsync(host.SignedCall("GET", "GetVideoInfo", video, secret: "guess"))).Body.GetProperty("Code").GetString());
        Assert.Equal("IncompleteSignature", (await host.GetAsync(UnsignedCall("GetVideoInfo", [.. video, new("AccessKeyId", KeyId)]))).Body.GetProperty("Code").GetString());
        Assert.Equal("MissingParameter", (await host.GetAsync(UnsignedCall("GetVideoInfo", [.. video, new("Signature", "x")]))).Body.GetProperty("Code").GetString());
    }
}
