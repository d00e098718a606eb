using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VodSnapshot.Api.Rpc;
using VodSnapshot.Tests.TestSupport;
using static VodSnapshot.Tests.TestSupport.RpcCalls;

namespace VodSnapshot.Tests.Security;

/// <summary>Ids (videos, jobs, templates) are checked as 32 lower-case hex characters before they reach a query or a path.</summary>
public class IdValidationTests : IClassFixture<IdValidationTests.Host>
{
    public sealed class Host() : TestHost(b => b.ForSignedCalls());

    public static TheoryData<string> HostileIds =>
    [
        "../../etc/passwd",
        "..\\..\\windows\\win.ini",
        "/etc/passwd",
        "..",
        ".",
        "0123456789abcdef/../../../../tmp",
        "0123456789ABCDEF0123456789ABCDEF",
        "0123456789abcdef0123456789abcde",
        "0123456789abcdef0123456789abcdef0",
        "0123456789abcdef0123456789abcde/",
        // An id with a NUL is refused before any action reads it (InvalidParameter): see HostileInputSweepTests.
        "０123456789abcdef0123456789abcdef",
        "' OR '1'='1",
        "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "*",
    ];

    private readonly Host _host;

    public IdValidationTests(Host host) => _host = host;

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(HostileIds))]
    public async Task GetVideoInfo_treats_a_path_like_id_as_an_unknown_video(string id)
    {
        var (status, body) = await _host.GetAsync(UnsignedCall("GetVideoInfo", P(("VideoId", id))));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("InvalidVideo.NotFound", body.GetProperty("Code").GetString());
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(HostileIds))]
    public async Task CreateAudit_refuses_a_path_like_id(string id)
    {
        var content = JsonSerializer.Serialize(new[] { new { VideoId = id, Status = "Blocked" } });

        var (status, body) = await _host.GetAsync(UnsignedCall("CreateAudit", P(("AuditContent", content))));

        Assert.True(status is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{status}: {body}");
        Assert.Contains(body.GetProperty("Code").GetString(), new[] { "InvalidVideo.NotFound", "InvalidParameter" });
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(HostileIds))]
    public async Task DeleteVideo_reports_a_path_like_id_as_not_existing_and_deletes_nothing(string id)
    {
        var canary = Path.Combine(_host.Root, "canary.txt");
        await File.WriteAllTextAsync(canary, "still here", TestContext.Current.CancellationToken);

        var (status, body) = await _host.GetAsync(UnsignedCall("DeleteVideo", P(("VideoIds", id))));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(id.Trim(), Assert.Single(body.GetProperty("NonExistVideoIds").EnumerateArray()).GetString());
        Assert.True(File.Exists(canary));
        Assert.True(Directory.Exists(_host.MediaRoot));
    }

    /// <summary>
    /// Every action's documented id parameters (names ending in Id or Ids), with every other documented parameter set
    /// to its example: a hostile id is either refused or reported back as unknown, never an internal error or a hit.
    /// Actions added later are covered by being registered.
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task No_action_lets_a_hostile_id_through()
    {
        var dispatcher = _host.Services.GetRequiredService<RpcDispatcher>();
        var checkedParameters = 0;
        foreach (var (action, doc) in dispatcher.Actions)
        {
            foreach (var idParameter in doc.Parameters.Where(IsId))
            {
                foreach (var id in new[] { "../../etc/passwd", "0123456789ABCDEF0123456789ABCDEF", "/etc/passwd" })
                {
                    var parameters = doc.Parameters
                        .Select(p => new KeyValuePair<string, string>(p.Name, p == idParameter ? id : p.Example ?? p.Default ?? "1"));
                    var (status, body) = await _host.GetAsync(UnsignedCall(action, parameters));

                    Assert.True((int)status < 500, $"{action} {idParameter.Name}={id}: {status} {body}");
                    Assert.True(status != HttpStatusCode.OK || body.ToString().Contains(JsonEncodedText.Encode(id).ToString(), StringComparison.Ordinal),
                        $"{action} {idParameter.Name}={id} answered success without reporting the id as unknown: {body}");
                    checkedParameters++;
                }
            }
        }

        Assert.True(checkedParameters >= 6, "GetVideoInfo and DeleteVideo at least");
    }

    /// <summary>Names the caller chooses (an application, its own job reference) are labels with their own rules, not ids the service issued.</summary>
    private static readonly HashSet<string> CallerLabels = ["AppId", "ReferenceId"];

    private static bool IsId(RpcParameterDoc parameter) =>
        parameter.Type == "string"
        && !CallerLabels.Contains(parameter.Name)
        && (parameter.Name.EndsWith("Id", StringComparison.Ordinal) || parameter.Name.EndsWith("Ids", StringComparison.Ordinal));
}
