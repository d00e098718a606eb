using Microsoft.Extensions.Options;
using VodSnapshot.Media;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Media;

[Trait("Category", "Unit")]
public sealed class FfmpegOptionsTests
{
    [Fact]
    public void Defaults_fit_the_machine()
    {
        using var engine = new MediaEngine();

        Assert.Equal(TimeSpan.FromMinutes(10), engine.Options.ProcessTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), engine.Options.StallTimeout);
        Assert.Equal(Environment.ProcessorCount, engine.Options.MaxConcurrentProcesses);
        Assert.Equal(90, engine.Options.JpegQuality);
        Assert.Null(engine.Options.BinaryFolder);
    }

    [Fact]
    public void Settings_are_bound_from_the_ffmpeg_section()
    {
        using var engine = new MediaEngine(new Dictionary<string, string?>
        {
            ["ProcessTimeout"] = "00:02:00",
            ["StallTimeout"] = "00:00:05",
            ["MaxConcurrentProcesses"] = "3",
            ["JpegQuality"] = "75",
        });

        Assert.Equal((TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(5), 3, 75),
            (engine.Options.ProcessTimeout, engine.Options.StallTimeout, engine.Options.MaxConcurrentProcesses, engine.Options.JpegQuality));
    }

    [Theory]
    [InlineData("JpegQuality", "0")]
    [InlineData("JpegQuality", "101")]
    [InlineData("MaxConcurrentProcesses", "0")]
    [InlineData("ProcessTimeout", "00:00:00")]
    [InlineData("StallTimeout", "00:20:00")]
    [InlineData("BinaryFolder", "/no/such/folder")]
    public void Invalid_settings_are_refused(string key, string value)
    {
        using var engine = new MediaEngine(new Dictionary<string, string?> { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => engine.Options);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(90, 2)]
    [InlineData(95, 1)]
    [InlineData(100, 1)]
    [InlineData(75, 4)]
    [InlineData(50, 8)]
    [InlineData(1, 31)]
    public void Jpeg_quality_maps_to_ffmpeg_qscale(int quality, int qscale)
    {
        Assert.Equal(qscale, FfmpegOptions.ToFfmpegQScale(quality));
    }
}
