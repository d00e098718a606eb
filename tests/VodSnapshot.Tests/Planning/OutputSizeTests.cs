using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Planning;

[Trait("Category", "Unit")]
public class OutputSizeTests
{
    /// <summary>Source display size, Width, Height → expected output size.</summary>
    public static TheoryData<int, int, string?, string?, int, int> Sizes => new()
    {
        // Neither: the source's display size, even when odd or above 4096.
        { 1920, 1080, null, null, 1920, 1080 },
        { 853, 480, "", "", 853, 480 },
        { 7680, 4320, null, null, 7680, 4320 },
        // Only Width: Height follows the aspect, nearest even.
        { 1920, 1080, "320", null, 320, 180 },
        { 1920, 1080, "100", null, 100, 56 },
        { 1920, 1080, "322", null, 322, 182 },
        { 100, 57, "100", null, 100, 58 },
        { 1080, 1920, "4096", null, 4096, 4096 },
        { 4000, 100, "8", null, 8, 8 },
        // Only Height: Width follows the aspect, nearest even.
        { 1920, 1080, null, "180", 320, 180 },
        { 1920, 1080, null, "101", 180, 101 },
        { 1920, 1080, null, "4096", 4096, 4096 },
        // Both: exactly that size, stretched if the aspect differs.
        { 1920, 1080, "200", "200", 200, 200 },
        { 1920, 1080, "8", "4096", 8, 4096 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Resolve_applies_the_width_and_height_rules(int sourceWidth, int sourceHeight, string? width, string? height, int expectedWidth, int expectedHeight)
    {
        Assert.Equal(new OutputSize(expectedWidth, expectedHeight), OutputSize.Resolve(sourceWidth, sourceHeight, width, height));
    }

    [Fact]
    public void Resolve_takes_already_read_values_from_templates()
    {
        Assert.Equal(new OutputSize(640, 360), OutputSize.Resolve(1920, 1080, 640, (int?)null));
    }

    public static TheoryData<string?, string?, string> BadSizes => new()
    {
        { "7", null, "Width" },
        { "4097", null, "Width" },
        { "-320", null, "Width" },
        { "320.0", null, "Width" },
        { "320px", null, "Width" },
        { " 320", null, "Width" },
        { "99999999999999999999", null, "Width" },
        { null, "0", "Height" },
        { null, "5000", "Height" },
        { null, "tall", "Height" },
        { "320", "1e2", "Height" },
    };

    [Theory]
    [MemberData(nameof(BadSizes))]
    public void Resolve_names_the_malformed_or_out_of_range_parameter(string? width, string? height, string parameter)
    {
        var error = RpcAssert.InvalidParameter(parameter, () => OutputSize.Resolve(1920, 1080, width, height));
        Assert.Contains("between 8 and 4096", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(7, null, "Width")]
    [InlineData(null, 4097, "Height")]
    public void Resolve_checks_the_range_of_already_read_values(int? width, int? height, string parameter)
    {
        RpcAssert.InvalidParameter(parameter, () => OutputSize.Resolve(1920, 1080, width, height));
    }

    [Theory]
    [InlineData(1280, 1920, 1080, 720)]
    [InlineData(720, 1080, 1920, 1280)]
    [InlineData(57, 100, 100, 58)]
    [InlineData(59, 100, 100, 60)]
    [InlineData(3, 2, 2, 8)]
    [InlineData(4096, 1, 8, 4096)]
    public void FollowAspect_rounds_to_the_nearest_even_number_halves_up_and_clamps(int given, int sourceGiven, int sourceOther, int expected)
    {
        Assert.Equal(expected, OutputSize.FollowAspect(given, sourceGiven, sourceOther));
    }
}
