using VodSnapshot.Api.Features.Snapshots;
using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Api.Features.Templates;
using VodSnapshot.Api.Rpc;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Templates;

[Trait("Category", "Unit")]
public class SnapshotTemplateConfigTests
{
    private static readonly SnapshotOptions Options = new();

    [Fact]
    public void A_full_sprite_template_with_every_value_as_a_string_is_read()
    {
        var config = SnapshotTemplateConfig.Parse("""
            {"SnapshotType":"SpriteSnapshot","SnapshotConfig":{"FrameType":"intra","Count":"50","Interval":"1","SpecifiedOffsetTime":"2000",
             "Width":"320","Height":"180","SpriteSnapshotConfig":{"CellWidth":"120","CellHeight":"68","Padding":"20","Margin":"50",
             "Color":"tomato","Columns":"3","Lines":"10","KeepCellPic":"delete"}}}
            """);

        Assert.Equal("SpriteSnapshot", config.SnapshotType);
        Assert.Equal(new SnapshotTiming(2000, 50, 1), config.Request.Timing);
        Assert.Equal((320, 180), (config.Request.Width, config.Request.Height));
        Assert.Equal(SnapshotFrameType.Intra, config.Request.FrameType);
        Assert.Equal(new SpriteSnapshotConfig(120, 68, 20, 50, (255, 99, 71), 3, 10, false), config.Request.Sprite);
        Assert.Null(config.Request.WebVtt);
    }

    [Fact]
    public void Numbers_and_strings_read_the_same()
    {
        var numbers = SnapshotTemplateConfig.Parse("""{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"Count":50,"Interval":0,"Width":640}}""");
        var strings = SnapshotTemplateConfig.Parse("""{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"Count":"50","Interval":"0","Width":"640"}}""");

        Assert.Equal(numbers, strings);
    }

    [Fact]
    public void Omitted_values_take_the_plain_call_defaults()
    {
        var config = SnapshotTemplateConfig.Parse("""{"SnapshotType":"NormalSnapshot","SnapshotConfig":{}}""");

        Assert.Equal(new SnapshotRequest(new SnapshotTiming(), null, null, SnapshotFrameType.Normal, null), config.Request);
    }

    [Fact]
    public void A_sprite_template_without_a_sprite_config_uses_the_defaults()
    {
        var config = SnapshotTemplateConfig.Parse("""{"SnapshotType":"SpriteSnapshot","SnapshotConfig":{"Count":10}}""");

        Assert.Equal(SpriteSnapshotConfig.Default, config.Request.Sprite);
    }

    [Fact]
    public void A_normal_template_checks_but_does_not_use_a_sprite_config()
    {
        var config = SnapshotTemplateConfig.Parse("""{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"SpriteSnapshotConfig":{"Columns":3}}}""");
        Assert.Null(config.Request.EffectiveSprite);

        RpcAssert.InvalidParameter("TemplateConfig.SnapshotConfig.SpriteSnapshotConfig", () =>
            SnapshotTemplateConfig.Parse("""{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"SpriteSnapshotConfig":{"Columns":0}}}"""));
    }

    [Theory]
    [InlineData("""{"Format":"vtt","SubOut":{"IsSptFrag":"true"}}""", true)]
    [InlineData("""{"SubOut":{"IsSptFrag":"false"}}""", false)]
    [InlineData("""{"SubOut":{"IsSptFrag":false}}""", false)]
    [InlineData("""{"Format":"VTT"}""", true)]
    [InlineData("""{}""", true)]
    public void A_webvtt_template_reads_SubOut_IsSptFrag(string snapshotConfig, bool combined)
    {
        var config = SnapshotTemplateConfig.Parse("""{"SnapshotType":"WebVttSnapshot","SnapshotConfig":""" + snapshotConfig + "}");

        Assert.Equal(combined, config.Request.WebVtt!.Combined);
        Assert.Equal(SpriteSnapshotConfig.Default, config.Request.Sprite);
    }

    [Fact]
    public void Names_and_values_of_enumerations_match_without_regard_to_case()
    {
        var config = SnapshotTemplateConfig.Parse("""{"snapshottype":"webvttsnapshot","snapshotconfig":{"frametype":"INTRA"}}""");

        Assert.Equal("WebVttSnapshot", config.SnapshotType);
        Assert.Equal(SnapshotFrameType.Intra, config.Request.FrameType);
    }

    [Fact]
    public void The_vendor_extension_SpecifiedOffsetTimes_is_read()
    {
        var config = SnapshotTemplateConfig.Parse("""{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"SpecifiedOffsetTimes":[1000,"5000"]}}""");

        Assert.Equal(new long[] { 1000, 5000 }, config.Request.Timing.SpecifiedOffsetTimes!);
    }

    [Theory]
    [InlineData("not json", "TemplateConfig")]
    [InlineData("[1,2]", "TemplateConfig")]
    [InlineData("""{"SnapshotConfig":{}}""", "TemplateConfig.SnapshotType")]
    [InlineData("""{"SnapshotType":"CoverSnapshot","SnapshotConfig":{}}""", "TemplateConfig.SnapshotType")]
    [InlineData("""{"SnapshotType":5,"SnapshotConfig":{}}""", "TemplateConfig.SnapshotType")]
    [InlineData("""{"SnapshotType":"NormalSnapshot"}""", "TemplateConfig.SnapshotConfig")]
    [InlineData("""{"SnapshotType":"NormalSnapshot","SnapshotConfig":"{}"}""", "TemplateConfig.SnapshotConfig")]
    [InlineData("""{"SnapshotType":"NormalSnapshot","SnapshotType":"SpriteSnapshot","SnapshotConfig":{}}""", "TemplateConfig.SnapshotType")]
    [InlineData("""{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"FrameType":"key"}}""", "TemplateConfig.SnapshotConfig.FrameType")]
    [InlineData("""{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"Count":0}}""", "TemplateConfig.SnapshotConfig.Count")]
    [InlineData("""{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"Count":"abc"}}""", "TemplateConfig.SnapshotConfig.Count")]
    [InlineData("""{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"Count":1.5}}""", "TemplateConfig.SnapshotConfig.Count")]
    [InlineData("""{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"Interval":-1}}""", "TemplateConfig.SnapshotConfig.Interval")]
    [InlineData("""{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"SpecifiedOffsetTime":"-5"}}""", "TemplateConfig.SnapshotConfig.SpecifiedOffsetTime")]
    [InlineData("""{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"Width":4097}}""", "TemplateConfig.SnapshotConfig.Width")]
    [InlineData("""{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"Height":"7"}}""", "TemplateConfig.SnapshotConfig.Height")]
    [InlineData("""{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"SpecifiedOffsetTimes":"[1000]"}}""", "TemplateConfig.SnapshotConfig.SpecifiedOffsetTimes")]
    [InlineData("""{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"SpecifiedOffsetTimes":[]}}""", "TemplateConfig.SnapshotConfig.SpecifiedOffsetTimes")]
    [InlineData("""{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"SpecifiedOffsetTimes":[-1]}}""", "TemplateConfig.SnapshotConfig.SpecifiedOffsetTimes")]
    [InlineData("""{"SnapshotType":"SpriteSnapshot","SnapshotConfig":{"SpriteSnapshotConfig":{"Color":"#12"}}}""", "TemplateConfig.SnapshotConfig.SpriteSnapshotConfig")]
    [InlineData("""{"SnapshotType":"SpriteSnapshot","SnapshotConfig":{"SpriteSnapshotConfig":[1]}}""", "TemplateConfig.SnapshotConfig.SpriteSnapshotConfig")]
    [InlineData("""{"SnapshotType":"WebVttSnapshot","SnapshotConfig":{"Format":"srt"}}""", "TemplateConfig.SnapshotConfig.Format")]
    [InlineData("""{"SnapshotType":"WebVttSnapshot","SnapshotConfig":{"SubOut":{"IsSptFrag":"maybe"}}}""", "TemplateConfig.SnapshotConfig.SubOut.IsSptFrag")]
    [InlineData("""{"SnapshotType":"WebVttSnapshot","SnapshotConfig":{"SubOut":true}}""", "TemplateConfig.SnapshotConfig.SubOut")]
    public void Malformed_configs_are_refused_naming_the_field(string json, string field)
    {
        var error = RpcAssert.InvalidParameter(field, () => SnapshotTemplateConfig.Parse(json));

        Assert.Equal("InvalidParameter", error.Code);
    }

    [Fact]
    public void A_config_larger_than_the_limit_is_refused()
    {
        var padding = new string(' ', SnapshotTemplateConfig.MaxBytes);

        RpcAssert.InvalidParameter("TemplateConfig", () =>
            SnapshotTemplateConfig.Parse("""{"SnapshotType":"NormalSnapshot","SnapshotConfig":{}}""" + padding));
    }

    [Fact]
    public void The_sprite_config_may_be_a_json_string_as_string_typed_SDKs_send_it()
    {
        var config = SnapshotTemplateConfig.Parse("""{"SnapshotType":"SpriteSnapshot","SnapshotConfig":{"SpriteSnapshotConfig":"{\"Columns\":\"4\"}"}}""");

        Assert.Equal(4, config.Request.Sprite!.Columns);
    }

    [Fact]
    public void A_count_above_the_per_job_cap_is_refused_when_stored()
    {
        var config = SnapshotTemplateConfig.Parse("""{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"Count":10001,"Interval":1}}""");

        RpcAssert.InvalidParameter("TemplateConfig.SnapshotConfig.Count", () => config.CheckLimits(Options));
    }

    [Theory]
    [InlineData("""{"CellWidth":4096,"Columns":10}""")]
    [InlineData("""{"CellHeight":2000,"Lines":10}""")]
    [InlineData("""{"Columns":10,"Margin":9000}""")]
    public void Sheets_too_large_for_any_video_are_refused_when_stored(string sprite)
    {
        var config = SnapshotTemplateConfig.Parse("""{"SnapshotType":"SpriteSnapshot","SnapshotConfig":{"SpriteSnapshotConfig":""" + sprite + "}}");

        RpcAssert.InvalidParameter("TemplateConfig.SnapshotConfig.SpriteSnapshotConfig", () => config.CheckLimits(Options));
    }

    [Fact]
    public void Sheets_whose_size_follows_the_source_pass_when_stored()
    {
        // 100 cells of the source size: fine for small videos, too much for large ones, so only the video can tell
        // (the check at submit is in TemplateSubmitTests).
        var config = SnapshotTemplateConfig.Parse("""{"SnapshotType":"SpriteSnapshot","SnapshotConfig":{"Count":100,"Interval":0}}""");

        config.CheckLimits(Options);
    }

    [Fact]
    public void The_pixel_budget_counts_the_cells_when_every_video_yields_the_same_number()
    {
        var config = SnapshotTemplateConfig.Parse(
            """{"SnapshotType":"SpriteSnapshot","SnapshotConfig":{"Count":10000,"Interval":0,"SpriteSnapshotConfig":{"CellWidth":1000,"CellHeight":1000,"Columns":10,"Lines":10}}}""");

        RpcAssert.InvalidParameter("TemplateConfig.SnapshotConfig.SpriteSnapshotConfig", () => config.CheckLimits(Options));
    }

    [Fact]
    public void In_config_renames_parameter_errors_to_the_template_field()
    {
        var renamed = SnapshotTemplateConfig.InConfig(RpcErrors.InvalidParameterCode("InvalidParameter.SpriteSnapshotConfig", "SpriteSnapshotConfig", "Columns must be 1."));

        Assert.Equal("InvalidParameter", renamed.Code);
        Assert.Equal("The specified parameter \"TemplateConfig.SnapshotConfig.SpriteSnapshotConfig\" is not valid. Columns must be 1.", renamed.Message);
        var unrelated = RpcErrors.VideoNotFound();
        Assert.Same(unrelated, SnapshotTemplateConfig.InConfig(unrelated));
    }
}
