using System.Text.Json;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Catalog;

/// <summary>UpdateVideoInfo, GetVideoList and SearchMedia over a catalog of its own (five videos).</summary>
public class CatalogTests(CatalogTests.Catalog catalog) : IClassFixture<CatalogTests.Catalog>
{
    private static Dictionary<string, string> P(params (string Name, string Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);

    private Task<(int Status, JsonElement Body)> CallAsync(string action, Dictionary<string, string> parameters) =>
        catalog.CallAsync(action, parameters, TestContext.Current.CancellationToken);

    private static List<string> Ids(JsonElement list, string path) =>
        [.. list.EnumerateArray().Select(v => (path.Length == 0 ? v : v.GetProperty(path)).GetProperty("VideoId").GetString()!)];

    [Fact(Timeout = 60_000)]
    public async Task GetVideoList_pages_through_every_video_newest_first_or_oldest_first()
    {
        var pages = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            var (status, body) = await CallAsync("GetVideoList", P(("PageNo", $"{page}"), ("PageSize", "2")));
            Assert.True(status == 200, body.ToString());
            Assert.Equal(5, body.GetProperty("Total").GetInt32());
            pages.AddRange(Ids(body.GetProperty("VideoList").GetProperty("Video"), string.Empty));
        }

        var (_, ascending) = await CallAsync("GetVideoList", P(("SortBy", "CreationTime:Asc"), ("PageSize", "100")));
        Assert.Equal(Enumerable.Reverse(catalog.VideoIds), pages);
        Assert.Equal(catalog.VideoIds, Ids(ascending.GetProperty("VideoList").GetProperty("Video"), string.Empty));
        var (_, beyond) = await CallAsync("GetVideoList", P(("PageNo", "4"), ("PageSize", "2")));
        Assert.Empty(beyond.GetProperty("VideoList").GetProperty("Video").EnumerateArray());
        var first = ascending.GetProperty("VideoList").GetProperty("Video")[0];
        Assert.Equal(JsonValueKind.Number, first.GetProperty("Duration").ValueKind);
        Assert.Equal(JsonValueKind.Array, first.GetProperty("Snapshots").GetProperty("Snapshot").ValueKind);
    }

    [Fact(Timeout = 60_000)]
    public async Task GetVideoList_filters_by_status_and_creation_time()
    {
        var (_, blocked) = await CallAsync("GetVideoList", P(("Status", "Blocked")));
        var (_, none) = await CallAsync("GetVideoList", P(("Status", "Normal,Uploading")));
        var (_, later) = await CallAsync("GetVideoList", P(("StartTime", "2000-01-01T00:00:00Z"), ("EndTime", "2999-01-01T00:00:00Z"), ("CateId", "42")));

        Assert.Equal([catalog.VideoIds[1]], Ids(blocked.GetProperty("VideoList").GetProperty("Video"), string.Empty));
        Assert.Equal(0, none.GetProperty("Total").GetInt32());
        Assert.Equal([catalog.VideoIds[0]], Ids(later.GetProperty("VideoList").GetProperty("Video"), string.Empty));
    }

    public static TheoryData<string, string, string, string> ListRefusals() => new()
    {
        { "Status", "Playing", "", "InvalidParameter" },
        { "StartTime", "yesterday", "", "InvalidParameter" },
        { "StartTime", "2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z", "InvalidParameter" },
        { "PageSize", "101", "", "InvalidParameter" },
        { "SortBy", "Title:Asc", "", "InvalidParameter" },
        { "PageNo", "51", "", "VideoListExceededMax" },
    };

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(ListRefusals))]
    public async Task GetVideoList_refuses_bad_filters(string name, string value, string endTime, string code)
    {
        var parameters = P((name, value));
        parameters.TryAdd("PageSize", "100");
        if (endTime.Length > 0)
        {
            parameters["EndTime"] = endTime;
        }

        var (status, body) = await CallAsync("GetVideoList", parameters);

        Assert.Equal((400, code), (status, body.GetProperty("Code").GetString()));
    }

    [Fact(Timeout = 60_000)]
    public async Task UpdateVideoInfo_changes_only_the_given_fields_and_a_snapshot_URL_is_a_valid_cover()
    {
        var videoId = catalog.VideoIds[4];
        var cover = $"http://localhost/{videoId}/snapshots/normal/{Guid.NewGuid():N}-00001.jpg";
        var (_, before) = await CallAsync("GetVideoInfo", P(("VideoId", videoId)));

        var (status, body) = await CallAsync("UpdateVideoInfo", P(("VideoId", videoId), ("CoverURL", cover), ("Tags", "x, y"), ("Status", "Blocked")));
        var (refused, refusedBody) = await CallAsync("UpdateVideoInfo", P(("VideoId", videoId), ("Title", "fine"), ("Tags", string.Join(',', Enumerable.Range(0, 17)))));
        var (missing, missingBody) = await CallAsync("UpdateVideoInfo", P(("VideoId", "0123456789abcdef0123456789abcdef"), ("Title", "t")));
        var (_, after) = await CallAsync("GetVideoInfo", P(("VideoId", videoId)));

        Assert.True(status == 200, body.ToString());
        var video = after.GetProperty("Video");
        Assert.Equal(cover, video.GetProperty("CoverURL").GetString());
        Assert.Equal("x,y", video.GetProperty("Tags").GetString());
        Assert.Equal(before.GetProperty("Video").GetProperty("Title").GetString(), video.GetProperty("Title").GetString());
        Assert.Equal(before.GetProperty("Video").GetProperty("Status").GetString(), video.GetProperty("Status").GetString());
        Assert.Equal((400, "TagsExceededMax"), (refused, refusedBody.GetProperty("Code").GetString()));
        Assert.Equal((404, "InvalidVideo.NotFound"), (missing, missingBody.GetProperty("Code").GetString()));
    }

    [Fact(Timeout = 60_000)]
    public async Task SearchMedia_matches_fuzzy_exact_multi_value_and_range_conditions_and_pages()
    {
        async Task<List<string>> Search(string match, string? pageSize = null, string? pageNo = null)
        {
            var parameters = P(("Match", match), ("SortBy", "CreationTime:Asc"));
            parameters["PageSize"] = pageSize ?? "100";
            parameters["PageNo"] = pageNo ?? "1";
            var (status, body) = await CallAsync("SearchMedia", parameters);
            Assert.True(status == 200, body.ToString());
            Assert.Equal(32, body.GetProperty("ScrollToken").GetString()!.Length);
            Assert.All(body.GetProperty("MediaList").EnumerateArray(), m => Assert.Equal("video", m.GetProperty("MediaType").GetString()));
            return Ids(body.GetProperty("MediaList"), "Video");
        }

        var ids = catalog.VideoIds;
        Assert.Equal([ids[0]], await Search("Title = 'ALPHA'"));
        Assert.Equal([ids[0], ids[2]], await Search("Title in ('alpha','gamma')"));
        Assert.Equal([ids[1]], await Search($"VideoId = '{ids[1]}'"));
        Assert.Equal([ids[0]], await Search("CateId = 42"));
        Assert.Equal([ids[1]], await Search("Status in ('Blocked')"));
        Assert.Equal([ids[0], ids[2]], await Search("(Title = 'alpha' or Title = 'gamma') and Duration = ['3.9','4.1']"));
        Assert.Equal(ids, await Search("CreationTime = ['2000-01-01T00:00:00Z','']"));
        Assert.Empty(await Search("Size = ('0','1000')"));
        Assert.Equal([ids[2], ids[3]], await Search("Title in ('clip')", pageSize: "2", pageNo: "2"));
    }

    [Theory(Timeout = 60_000)]
    [InlineData("Title == 'a'")]
    [InlineData("Title = 'a' or Title = 'b'")]
    [InlineData("Status = 'Normal'")]
    [InlineData("Title = 'unterminated")]
    [InlineData("Duration = ['x','2']")]
    [InlineData("Title = ('a','b')")]
    [InlineData("Colour in ('red')")]
    public async Task SearchMedia_refuses_what_the_basic_syntax_does_not_have(string match)
    {
        var (status, body) = await CallAsync("SearchMedia", P(("Match", match)));

        Assert.Equal((400, "ErrorMatchSyntax"), (status, body.GetProperty("Code").GetString()));
    }

    /// <summary>Five videos registered in order: "alpha clip" (CateId 42), "beta clip" (Blocked), "gamma clip", "delta clip", "epsilon clip".</summary>
    public sealed class Catalog() : TestHost(b => b.WithCallbackReceiver()), IAsyncLifetime
    {
        public List<string> VideoIds { get; } = [];

        public new async ValueTask InitializeAsync()
        {
            await base.InitializeAsync();
            // A class fixture cannot take another class fixture: the clips are made (once per run) from here.
            var clips = new TestClips();
            await clips.InitializeAsync();
            foreach (var title in new[] { "alpha clip", "beta clip", "gamma clip", "delta clip", "epsilon clip" })
            {
                var url = AddMedia(clips.Ramp, Guid.NewGuid().ToString("N") + ".mp4");
                var metadata = title == "alpha clip"
                    ? new { FileURL = url, Title = title, CateId = (long?)42 }
                    : new { FileURL = url, Title = title, CateId = (long?)null };
                var (status, body) = await CallAsync("RegisterMedia", new Dictionary<string, string> { ["RegisterMetadatas"] = JsonSerializer.Serialize(new[] { metadata }) });
                Assert.True(status == 200, body.ToString());
                VideoIds.Add(body.GetProperty("RegisteredMediaList")[0].GetProperty("MediaId").GetString()!);
            }

            await CallAsync("CreateAudit", new Dictionary<string, string> { ["AuditContent"] = $$"""[{"VideoId":"{{VideoIds[1]}}","Status":"Blocked"}]""" });
        }
    }
}
