using VodSnapshot.Media.Extraction;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Media;

/// <summary>What the extractor writes: sizes, cells, repeated frames, the output folder.</summary>
public sealed class ExtractionOutputTests(TestClips clips) : ExtractionTests(clips)
{
    [Fact(Timeout = 60_000)]
    public async Task Times_showing_the_same_frame_each_get_a_file()
    {
        TimeSpan[] times = [TimeSpan.FromMilliseconds(1000), TimeSpan.FromMilliseconds(1010), TimeSpan.FromMilliseconds(1030)];

        var result = await ExtractAsync(Clips.Ramp, times, FrameSelection.Exact);

        Assert.Equal(3, result.Frames.Select(f => f.Path).Distinct().Count());
        Assert.All(result.Frames, f => Assert.Equal(25, FrameIdentity.Read(f.Path).Frame));
    }

    [Theory(Timeout = 60_000)]
    [InlineData(ExtractionStrategy.SeekInputs)]
    [InlineData(ExtractionStrategy.DecodePass)]
    public async Task Cells_are_written_beside_the_images_at_the_cell_size(ExtractionStrategy strategy)
    {
        TimeSpan[] times = [TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(510), TimeSpan.FromMilliseconds(2500)];
        var request = new FrameRequest(times, 64, 36, FrameSelection.Exact) { Strategy = strategy, CellSize = (24, 16) };
        var folder = Clips.NewFolder();

        var result = await Engine.Extractor.ExtractAsync(Clips.Ramp, await ProbeRampAsync(), request, folder, TestContext.Current.CancellationToken);

        Assert.Equal(
            [Path.Combine(folder, "cells", "00001.jpg"), Path.Combine(folder, "cells", "00002.jpg"), Path.Combine(folder, "cells", "00003.jpg")],
            result.Frames.Select(f => f.CellPath));
        var cells = result.Frames.Select(f => FrameIdentity.Read(f.CellPath!)).ToList();
        Assert.All(cells, c => Assert.Equal((24, 16), (c.Width, c.Height)));
        Assert.Equal([12, 12, 62], cells.Select(c => c.Frame));
        Assert.Equal(result.Frames.Select(f => FrameIdentity.Read(f.Path).Frame), cells.Select(c => c.Frame));
    }

    [Fact(Timeout = 60_000)]
    public async Task Cells_are_left_out_unless_asked_for()
    {
        var result = await ExtractAsync(Clips.Ramp, [TimeSpan.FromSeconds(1)], FrameSelection.Exact);

        Assert.Null(result.Frames[0].CellPath);
    }

    [Theory(Timeout = 60_000)]
    [InlineData(63, 37)]
    [InlineData(200, 50)]
    [InlineData(8, 8)]
    public async Task Images_have_exactly_the_requested_size(int width, int height)
    {
        var result = await ExtractAsync(Clips.Ramp, [TimeSpan.FromSeconds(1)], FrameSelection.Exact, width: width, height: height);

        var image = FrameIdentity.Read(result.Frames[0].Path);
        Assert.Equal((width, height), (image.Width, image.Height));
        Assert.Equal(25, image.Frame);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_anamorphic_source_is_written_at_its_display_size()
    {
        var probe = await ProbeAsync(Clips.Anamorphic);

        var result = await ExtractAsync(Clips.Anamorphic, [TimeSpan.FromMilliseconds(500)], FrameSelection.Exact, probe: probe, width: probe.DisplayWidth, height: probe.DisplayHeight);

        var image = FrameIdentity.Read(result.Frames[0].Path);
        Assert.Equal((160, 90), (image.Width, image.Height));
    }

    [Fact(Timeout = 60_000)]
    public async Task Output_folder_holds_only_the_numbered_images()
    {
        var folder = Clips.NewFolder();
        await File.WriteAllTextAsync(Path.Combine(folder, "00002.jpg"), "left from an earlier run", TestContext.Current.CancellationToken);

        var result = await Engine.Extractor.ExtractAsync(
            Clips.Ramp, await ProbeRampAsync(), new FrameRequest([TimeSpan.Zero, TimeSpan.FromSeconds(2)], 32, 18, FrameSelection.Exact), folder, TestContext.Current.CancellationToken);

        Assert.Equal(["00001.jpg", "00002.jpg"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order());
        Assert.Equal(50, FrameIdentity.Read(result.Frames[1].Path).Frame);
    }
}
