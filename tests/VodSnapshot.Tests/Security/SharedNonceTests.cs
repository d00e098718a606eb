using System.Net;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Security;

/// <summary>On PostgreSQL the nonce table is the database's: a request one node accepted is a replay on every other node.</summary>
public sealed class SharedNonceTests
{
    private static readonly KeyValuePair<string, string>[] Video = [new("VideoId", "0123456789abcdef0123456789abcdef")];

    [Fact(Timeout = 60_000)]
    public async Task A_signed_request_accepted_by_one_node_is_refused_as_a_replay_by_another_and_usable_again_after_its_window()
    {
        TestDatabase.SkipIfUnavailable();
        using var first = TestHost.Create(b => b.ForSignedCalls().On(DatabaseKind.PostgreSql).Set("Security:AllowAnonymous", "false").Set("Jobs:Storage", "InMemory"));
        using var second = TestHost.Create(b => b.ForSignedCalls().Set(first.Database!.Settings(sharedQueues: false)).Set("Security:AllowAnonymous", "false"));
        var call = first.SignedCall("GET", "GetVideoInfo", Video, nonce: Guid.NewGuid().ToString("N"));

        var accepted = await first.GetAsync(call);
        var replayed = await second.GetAsync(call);
        var again = await first.GetAsync(call);

        Assert.Equal((HttpStatusCode.NotFound, "InvalidVideo.NotFound"), (accepted.Status, accepted.Body.GetProperty("Code").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "SignatureNonceUsed"), (replayed.Status, replayed.Body.GetProperty("Code").GetString()));
        Assert.Equal("SignatureNonceUsed", again.Body.GetProperty("Code").GetString());

        // Past the window the nonce may be used again (with a fresh timestamp), on either node.
        first.Clock.Advance(TimeSpan.FromMinutes(16));
        second.Clock.Advance(TimeSpan.FromMinutes(16));
        var reused = await second.GetAsync(second.SignedCall("GET", "GetVideoInfo", Video, nonce: call.Single(p => p.Key == "SignatureNonce").Value));
        Assert.Equal("InvalidVideo.NotFound", reused.Body.GetProperty("Code").GetString());
    }
}
