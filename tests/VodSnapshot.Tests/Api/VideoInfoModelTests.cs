using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Api;

/// <summary>GetVideoInfo answers every field of the vendor's Video model, with offline values.</summary>
public class VideoInfoModelTests(TestClips clips) : IClassFixture<TestClips>
{
    /// <summary>GetVideoInfoResponseBodyVideo's fields (CateId is absent for an uncategorised video, as for the vendor).</summary>
    private static readonly string[] ModelFields =
    [
        "VideoId", "Title", "Description", "Duration", "CoverURL", "Status", "CreationTime", "ModificationTime", "Size", "Snapshots",
        "CateName", "Tags", "TemplateGroupId", "StorageLocation", "RegionId", "AppId", "AuditStatus", "CustomMediaInfo",
        "DownloadSwitch", "StorageClass", "RestoreStatus", "RestoreExpiration", "UserData", "ReferenceId",
    ];

    [Fact(Timeout = 60_000)]
    public async Task Every_model_field_is_present_with_the_region_setting_and_Standard_storage()
    {
        using var host = TestHost.Create(b => b.Set("Vod:Region", "ap-southeast-1"));
        var video = await host.RegisterAsync(clips.Ramp, """{"Extend":"x"}""", TestContext.Current.CancellationToken);

        var (status, body) = await host.JsonAsync("GetVideoInfo", ("VideoId", video));

        Assert.Equal(200, status);
        var info = body.GetProperty("Video");
        var missing = ModelFields.Where(f => !info.TryGetProperty(f, out _) && f is not "Description" and not "CoverURL" and not "Tags" and not "AuditStatus").ToList();
        Assert.Empty(missing);
        Assert.Equal(("ap-southeast-1", "Standard", "VOD_NO_TRANSCODE", "on"),
            (info.GetProperty("RegionId").GetString(), info.GetProperty("StorageClass").GetString(), info.GetProperty("TemplateGroupId").GetString(), info.GetProperty("DownloadSwitch").GetString()));
    }
}
