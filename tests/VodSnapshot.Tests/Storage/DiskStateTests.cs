using VodSnapshot.Api.Storage;

namespace VodSnapshot.Tests.Storage;

[Trait("Category", "Unit")]
public class DiskStateTests
{
    [Fact]
    public void Below_the_floor_is_low_with_a_refusal_naming_the_setting_and_the_figures()
    {
        var low = new DiskState(FreeBytes: 10L * 1024 * 1024, FloorBytes: 256L * 1024 * 1024);

        Assert.True(low.IsLow);
        Assert.Equal(
            "Free space in the storage folder is 10 MiB, below Storage:MinFreeBytes (256 MiB); new snapshot jobs are refused until space is freed (DeleteVideo frees it).",
            low.Refusal);
    }

    [Theory]
    [InlineData(256L * 1024 * 1024, 256L * 1024 * 1024)]
    [InlineData(1L, 0L)]
    [InlineData(0L, 0L)]
    public void At_or_above_the_floor_and_with_no_floor_there_is_room(long free, long floor)
    {
        var state = new DiskState(free, floor);

        Assert.False(state.IsLow);
        Assert.Null(state.Refusal);
    }
}
