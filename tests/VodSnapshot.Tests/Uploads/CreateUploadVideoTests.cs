using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using VodSnapshot.Api.Features.Uploads;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Uploads;

/// <summary>CreateUploadVideo's answer as the vendor's clients decode it, and its refusals, each storing nothing.</summary>
public class CreateUploadVideoTests : IClassFixture<HostWithReceiver>
{
    private readonly HostWithReceiver _app;

    public CreateUploadVideoTests(HostWithReceiver fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        _app = fixture;
    }

    [Fact(Timeout = 60_000)]
    public async Task The_answer_decodes_to_the_vendors_UploadAddress_and_UploadAuth()
    {
        var before = DateTimeOffset.UtcNow;
        var (status, body) = await _app.CallAsync("CreateUploadVideo", new Dictionary<string, string>
        {
            ["Title"] = "Holiday 假期", ["FileName"] = @"D:\videos\Holiday.MOV", ["Tags"] = "a, b,,c", ["CateId"] = "7", ["Description"] = "d",
        }, TestContext.Current.CancellationToken);

        Assert.Equal(200, status);
        var videoId = body.GetProperty("VideoId").GetString()!;
        Assert.True(Ids.IsValid(videoId));
        var address = UploadService.Decode(body.GetProperty("UploadAddress").GetString()!);
        // The test server is addressed as localhost: the endpoint handed out is the IPv4 loopback, scheme included.
        Assert.Equal("http://127.0.0.1", address.GetProperty("Endpoint").GetString());
        Assert.Matches("^outin-[0-9a-f]{32}$", address.GetProperty("Bucket").GetString());
        Assert.Matches("^sv/([0-9a-f]{8}-[0-9a-f]{11})/\\1\\.mov$", address.GetProperty("FileName").GetString());
        var auth = UploadService.Decode(body.GetProperty("UploadAuth").GetString()!);
        Assert.Equal(["SecurityToken", "AccessKeyId", "ExpireUTCTime", "AccessKeySecret", "Expiration", "Region"], auth.EnumerateObject().Select(p => p.Name));
        Assert.Matches("^STS\\.[A-Za-z0-9]{25}$", auth.GetProperty("AccessKeyId").GetString());
        Assert.Equal(44, auth.GetProperty("AccessKeySecret").GetString()!.Length);
        Assert.StartsWith("CAIS", auth.GetProperty("SecurityToken").GetString(), StringComparison.Ordinal);
        Assert.Equal("3000", auth.GetProperty("Expiration").GetString());
        var expires = DateTimeOffset.ParseExact(auth.GetProperty("ExpireUTCTime").GetString()!, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.InRange(expires - before, TimeSpan.FromSeconds(2999), TimeSpan.FromSeconds(3060));

        var (_, info) = await _app.CallAsync("GetVideoInfo", new Dictionary<string, string> { ["VideoId"] = videoId }, TestContext.Current.CancellationToken);
        Assert.Equal("Uploading", info.GetProperty("Video").GetProperty("Status").GetString());
        Assert.Equal("a,b,c", info.GetProperty("Video").GetProperty("Tags").GetString());
        Assert.Equal(7, info.GetProperty("Video").GetProperty("CateId").GetInt64());
    }

    public static TheoryData<string, string, string, int> Refusals() => new()
    {
        { "Title", "", "MissingParameter", 400 },
        { "FileName", "", "MissingParameter", 400 },
        { "FileName", "notes.txt", "InvalidFileName.Extension", 400 },
        { "FileName", "no-extension", "InvalidFileName.Extension", 400 },
        { "Title", "Party 🎉", "IllegalCharacters", 400 },
        { "Title", new string('x', 129), "LengthExceededMax", 400 },
        { "Description", new string('d', 1025), "LengthExceededMax", 400 },
        { "Tags", string.Join(',', Enumerable.Range(1, 17)), "TagsExceededMax", 400 },
        { "Tags", new string('t', 33), "LengthExceededMax", 400 },
        { "CateId", "seven", "InvalidParameter", 400 },
        { "CoverURL", "ftp://example.com/a.jpg", "InvalidParameter", 400 },
        { "UserData", "{\"MessageCallback\":{\"CallbackURL\":\"gopher://x\"}}", "InvalidParameter", 400 },
    };

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Refusals))]
    public async Task A_bad_parameter_is_refused_with_the_vendors_code_and_stores_nothing(string name, string value, string code, int status)
    {
        var parameters = new Dictionary<string, string> { ["Title"] = "t", ["FileName"] = "a.mp4", [name] = value };
        if (value.Length == 0)
        {
            parameters.Remove(name);
        }

        var count = Count();
        var (answered, body) = await _app.CallAsync("CreateUploadVideo", parameters, TestContext.Current.CancellationToken);

        Assert.Equal(status, answered);
        Assert.Equal(code, body.GetProperty("Code").GetString());
        Assert.Equal(count, Count());
    }

    [Fact(Timeout = 60_000)]
    public async Task RefreshUploadVideo_of_an_unknown_or_registered_video_is_refused()
    {
        var (unknown, unknownBody) = await _app.CallAsync("RefreshUploadVideo", new Dictionary<string, string> { ["VideoId"] = Ids.New() }, TestContext.Current.CancellationToken);
        var (missing, missingBody) = await _app.CallAsync("RefreshUploadVideo", null, TestContext.Current.CancellationToken);

        Assert.Equal((404, "InvalidVideo.NotFound"), (unknown, unknownBody.GetProperty("Code").GetString()));
        Assert.Equal((400, "MissingParameter"), (missing, missingBody.GetProperty("Code").GetString()));
    }

    private (int Videos, int Grants, int Credentials) Count()
    {
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<VodDbContext>();
        return (db.Videos.Count(), db.Set<UploadGrant>().Count(), db.Set<UploadCredential>().Count());
    }
}
