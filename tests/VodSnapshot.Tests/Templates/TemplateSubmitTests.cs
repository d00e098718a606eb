using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Features.Snapshots;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Media.Sprites;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Templates;

public class TemplateSubmitTests(TemplateSubmitTests.Service service) : IClassFixture<TemplateSubmitTests.Service>
{
    public sealed class Service() : TestHost(b => b.Set("Templates:Seed", "false"));

    private readonly Service _service = service;

    [Fact(Timeout = 60_000)]
    public async Task A_template_replaces_every_other_parameter_of_the_call()
    {
        var videoId = await _service.AddVideoAsync(durationSeconds: 10, width: 640, height: 360);
        var templateId = await _service.AddTemplateAsync(
            """{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"FrameType":"intra","Count":"3","Interval":"2","SpecifiedOffsetTime":"1000","Width":"320"}}""");

        var (status, body) = await _service.JsonAsync("SubmitSnapshotJob",
            ("VideoId", videoId), ("SnapshotTemplateId", templateId),
            ("Width", "800"), ("Height", "600"), ("Count", "9"), ("Interval", "1"), ("SpriteSnapshotConfig", "{}"),
            ("UserData", """{"MessageCallback":{"CallbackURL":"http://127.0.0.1:9/cb"},"Extend":"x"}"""), ("ReferenceId", "template-ref"));

        Assert.Equal(200, status);
        var job = await StoredJobAsync(body);
        var spec = SnapshotJobSpec.FromJson(job.Spec);
        Assert.Equal(new long[] { 1000, 3000, 5000 }, spec.TimesMs);
        Assert.Equal((320, 180), (spec.Width, spec.Height));
        Assert.Equal(SnapshotFrameType.Intra, spec.FrameType);
        Assert.Null(spec.Sprite);
        Assert.Null(spec.WebVtt);
        Assert.Null(spec.Extend);
        Assert.Null(spec.CallbackUrl);
        Assert.Equal(templateId, job.TemplateId);
        Assert.Null(job.ReferenceId);
    }

    [Fact(Timeout = 60_000)]
    public async Task Parameters_a_template_replaces_are_not_even_checked()
    {
        var videoId = await _service.AddVideoAsync();
        var templateId = await _service.AddTemplateAsync("""{"SnapshotType":"NormalSnapshot","SnapshotConfig":{}}""");

        var (status, _) = await _service.XmlAsync("SubmitSnapshotJob",
            ("VideoId", videoId), ("SnapshotTemplateId", templateId), ("Width", "abc"), ("Count", "-1"), ("UserData", "not json"), ("SpriteSnapshotConfig", "[]"));

        Assert.Equal(200, status);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_template_job_is_resolved_exactly_like_the_same_plain_call()
    {
        var videoId = await _service.AddVideoAsync(durationSeconds: 7.5, width: 1280, height: 720);
        const string sprite = """{"CellWidth":100,"Columns":2,"Lines":2,"Padding":3,"Margin":5,"Color":"tomato","KeepCellPic":"delete"}""";
        var templateId = await _service.AddTemplateAsync(
            """{"SnapshotType":"SpriteSnapshot","SnapshotConfig":{"Count":"5","Interval":"0","SpecifiedOffsetTime":"500","Width":"320","SpriteSnapshotConfig":""" + sprite + "}}");

        var (_, fromTemplate) = await _service.JsonAsync("SubmitSnapshotJob", ("VideoId", videoId), ("SnapshotTemplateId", templateId));
        var (_, plain) = await _service.JsonAsync("SubmitSnapshotJob",
            ("VideoId", videoId), ("Count", "5"), ("Interval", "0"), ("SpecifiedOffsetTime", "500"), ("Width", "320"), ("SpriteSnapshotConfig", sprite));

        var templateSpec = (await StoredJobAsync(fromTemplate)).Spec;
        Assert.Equal((await StoredJobAsync(plain)).Spec, templateSpec);
        var spec = SnapshotJobSpec.FromJson(templateSpec);
        Assert.Equal((320, 180), (spec.Width, spec.Height));
        Assert.Equal(new SpriteSheets(new SpriteSheetLayout(100, 56, 2, 2, 3, 5), new Rgb(255, 99, 71), false), spec.Sprite);
        Assert.Equal(new long[] { 500, 1900, 3300, 4700, 6100 }, spec.TimesMs);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("true", true, false)]
    [InlineData("false", false, true)]
    public async Task A_webvtt_template_asks_for_sprites_and_a_track(string isSptFrag, bool combined, bool keepCells)
    {
        var videoId = await _service.AddVideoAsync();
        var templateId = await _service.AddTemplateAsync(
            """{"SnapshotType":"WebVttSnapshot","SnapshotConfig":{"Count":"10","Interval":"0","Width":"320","Format":"vtt","SubOut":{"IsSptFrag":"""
            + "\"" + isSptFrag + "\"}," + """ "SpriteSnapshotConfig":{"CellWidth":"160","Columns":"5","Lines":"5","KeepCellPic":"delete"}}}""");

        var (status, body) = await _service.JsonAsync("SubmitSnapshotJob", ("VideoId", videoId), ("SnapshotTemplateId", templateId));

        Assert.Equal(200, status);
        var spec = SnapshotJobSpec.FromJson((await StoredJobAsync(body)).Spec);
        Assert.Equal(combined, spec.WebVtt!.Combined);
        Assert.Equal((160, 90, 5, 5), (spec.Sprite!.Layout.CellWidth, spec.Sprite.Layout.CellHeight, spec.Sprite.Layout.Columns, spec.Sprite.Layout.Lines));
        Assert.Equal(keepCells, spec.Sprite.KeepCells);
    }

    [Fact(Timeout = 60_000)]
    public async Task Unknown_template_ids_answer_NoSuchResource_naming_the_template()
    {
        var videoId = await _service.AddVideoAsync();
        const string unknown = "fedcba9876543210fedcba9876543210";

        var (status, body) = await _service.JsonAsync("SubmitSnapshotJob", ("VideoId", videoId), ("SnapshotTemplateId", unknown));
        var (xmlStatus, xml) = await _service.XmlAsync("SubmitSnapshotJob", ("VideoId", videoId), ("SnapshotTemplateId", "../etc"));

        Assert.Equal(404, status);
        Assert.Equal("NoSuchResource", body.GetProperty("Code").GetString());
        Assert.Equal($"The specified resource SnapshotTemplateId {unknown} does not exist.", body.GetProperty("Message").GetString());
        Assert.Equal(404, xmlStatus);
        Assert.Equal("NoSuchResource", xml.Element("Code")!.Value);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_deleted_template_can_no_longer_be_used_but_its_jobs_keep_their_spec()
    {
        var videoId = await _service.AddVideoAsync();
        var templateId = await _service.AddTemplateAsync("""{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"Count":2}}""");
        var (_, before) = await _service.JsonAsync("SubmitSnapshotJob", ("VideoId", videoId), ("SnapshotTemplateId", templateId));
        await _service.JsonAsync("DeleteVodTemplate", ("VodTemplateId", templateId));

        var (status, body) = await _service.JsonAsync("SubmitSnapshotJob", ("VideoId", videoId), ("SnapshotTemplateId", templateId));

        Assert.Equal(404, status);
        Assert.Equal("NoSuchResource", body.GetProperty("Code").GetString());
        Assert.Equal(new long[] { 0, 1000 }, SnapshotJobSpec.FromJson((await StoredJobAsync(before)).Spec).TimesMs);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_updated_template_applies_to_later_jobs()
    {
        var videoId = await _service.AddVideoAsync();
        var templateId = await _service.AddTemplateAsync("""{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"Width":320}}""");
        await _service.JsonAsync("UpdateVodTemplate", ("VodTemplateId", templateId), ("TemplateConfig", """{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"Width":160}}"""));

        var (_, body) = await _service.JsonAsync("SubmitSnapshotJob", ("VideoId", videoId), ("SnapshotTemplateId", templateId));

        Assert.Equal(160, SnapshotJobSpec.FromJson((await StoredJobAsync(body)).Spec).Width);
    }

    [Fact(Timeout = 60_000)]
    public async Task Limits_that_depend_on_the_video_are_checked_at_submit_naming_the_template_field()
    {
        using var service = TestHost.Create(b => b.Set("Templates:Seed", "false").Set("Snapshots:MaxSnapshotsPerJob", "5"));
        var videoId = await service.AddVideoAsync(durationSeconds: 10);
        var (refused, _) = await service.JsonAsync("AddVodTemplate", ("Name", "t"), ("TemplateType", "Snapshot"),
            ("TemplateConfig", """{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"Count":6}}"""));
        var everySecond = await service.AddTemplateAsync("""{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"Interval":1}}""");

        var (status, body) = await service.JsonAsync("SubmitSnapshotJob", ("VideoId", videoId), ("SnapshotTemplateId", everySecond));

        Assert.Equal(400, refused);
        Assert.Equal(400, status);
        Assert.Equal("InvalidParameter", body.GetProperty("Code").GetString());
        Assert.StartsWith("The specified parameter \"TemplateConfig.SnapshotConfig.Interval\" is not valid.", body.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await service.WithDbAsync(db => db.SnapshotJobs.CountAsync(TestContext.Current.CancellationToken)));
    }

    [Fact(Timeout = 60_000)]
    public async Task Sheets_whose_size_follows_the_source_are_checked_at_submit_naming_the_template_field()
    {
        // 100 cells of the source size on one 10x10 sheet: 6400x3600 px for a 640x360 video, 19200 px wide for 1920x1080.
        var small = await _service.AddVideoAsync(width: 640, height: 360);
        var large = await _service.AddVideoAsync(width: 1920, height: 1080);
        var templateId = await _service.AddTemplateAsync("""{"SnapshotType":"SpriteSnapshot","SnapshotConfig":{"Count":100,"Interval":0}}""");

        var (smallStatus, _) = await _service.JsonAsync("SubmitSnapshotJob", ("VideoId", small), ("SnapshotTemplateId", templateId));
        var (largeStatus, body) = await _service.JsonAsync("SubmitSnapshotJob", ("VideoId", large), ("SnapshotTemplateId", templateId));

        Assert.Equal(200, smallStatus);
        Assert.Equal(400, largeStatus);
        Assert.Equal("InvalidParameter", body.GetProperty("Code").GetString());
        var message = body.GetProperty("Message").GetString();
        Assert.StartsWith("The specified parameter \"TemplateConfig.SnapshotConfig.SpriteSnapshotConfig\" is not valid.", message, StringComparison.Ordinal);
        Assert.Contains("19200 px wide", message, StringComparison.Ordinal);
        Assert.Equal(0, await _service.WithDbAsync(db => db.SnapshotJobs.CountAsync(j => j.VideoId == large, TestContext.Current.CancellationToken)));
    }

    private Task<SnapshotJob> StoredJobAsync(System.Text.Json.JsonElement submitAnswer)
    {
        var jobId = submitAnswer.GetProperty("SnapshotJob").GetProperty("JobId").GetString()!;
        return _service.WithDbAsync(db => db.SnapshotJobs.AsNoTracking().SingleAsync(j => j.Id == jobId, TestContext.Current.CancellationToken));
    }
}
