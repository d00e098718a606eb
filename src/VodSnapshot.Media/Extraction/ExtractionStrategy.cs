using VodSnapshot.Media.Probing;

namespace VodSnapshot.Media.Extraction;

/// <summary>How ffmpeg is driven to get the frames. <see cref="Auto"/> picks per job; the others exist to compare and benchmark.</summary>
public enum ExtractionStrategy
{
    /// <summary>Chosen from the spacing of the frames and the source's keyframe interval.</summary>
    Auto,

    /// <summary>One ffmpeg process per frame, input seeking to it.</summary>
    SeekPerFrame,

    /// <summary>Few processes, each opening the source once per frame with its own input seek.</summary>
    SeekInputs,

    /// <summary>Decoding passes that keep the wanted frames with a select filter.</summary>
    DecodePass,
}

internal enum BatchKind
{
    SeekInputs,
    DecodePass,

    /// <summary>Inputs that each seek to their first frame and decode on to their last (see <see cref="SeekRanges"/>).</summary>
    SeekRanges,
}

/// <summary>Frames (indices into the plan's picks) that one ffmpeg process writes, and how: one list per input.</summary>
internal sealed record Batch(BatchKind Kind, IReadOnlyList<IReadOnlyList<int>> Inputs, int Threads)
{
    /// <summary>Seeking inputs, one per frame.</summary>
    public static Batch Seeking(IReadOnlyList<int> picks) => new(BatchKind.SeekInputs, picks.Select(p => (IReadOnlyList<int>)[p]).ToList(), Threads: 1);

    /// <summary>One decoding pass over all the frames.</summary>
    public static Batch Pass(IReadOnlyList<int> picks, int threads) => new(BatchKind.DecodePass, [picks], threads);

    public IReadOnlyList<int> Picks => [.. Inputs.SelectMany(i => i)];
}

/// <summary>Limits and thresholds for choosing batches; where the defaults come from is told in <see cref="StrategyChooser"/>.</summary>
internal sealed record ExtractionTuning
{
    public static readonly ExtractionTuning Default = new();

    /// <summary>What a decoding pass wins over seeking whatever the picture size (see <see cref="StrategyChooser"/>).</summary>
    public TimeSpan PassAdvantage { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The fixed cost of one seek, in seconds of 1080p25 decoding; scaled by the source's pixel rate.</summary>
    public TimeSpan SeekCostAt1080p25 { get; init; } = TimeSpan.FromSeconds(0.4);

    /// <summary>Keyframes at most this far apart share one keyframe-only pass; reading past the others costs little.</summary>
    public TimeSpan KeyframePassGap { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Seeking inputs per process for a 1080p source (more for smaller pictures, up to <see cref="MaxInputsPerProcess"/>):
    /// each input holds its own decoder and reference frames, about 40 MB at 1080p.
    /// </summary>
    public int InputsPerProcessAt1080p { get; init; } = 8;

    public int MaxInputsPerProcess { get; init; } = 16;

    /// <summary>Frames per decoding pass; bounds the select expression, which ffmpeg evaluates for every decoded frame.</summary>
    public int MaxFramesPerPass { get; init; } = 100;

    /// <summary>Keyframe interval assumed when the probe saw fewer than two keyframes.</summary>
    public TimeSpan UnknownKeyframeInterval { get; init; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// Splits a plan into ffmpeg runs. Pure. Under <see cref="ExtractionStrategy.Auto"/>, exact frames go into seek ranges
/// (<see cref="SeekRanges"/>): the break-even below then only tells whether frames are close enough for their keyframes
/// to matter. Keyframe-only frames share passes up to <see cref="ExtractionTuning.KeyframePassGap"/> apart.
/// <para>
/// Exact frames: a seek pays a fixed start (open the input, set up a decoder) plus decoding from the keyframe before the
/// frame, half a keyframe interval on average; a decoding pass pays for decoding everything between its frames. So a pass
/// wins while frames are closer than interval/2 + (seek start in seconds of decoding), and that start, counted in seconds of
/// video, grows as pictures get smaller. Measured on 2 cores, H.264 with a keyframe every 2 s, 10 frames a run, pass vs
/// seek-inputs wall time (best of 3 on a busy machine):
/// 1080p25 — 1 s apart 2.0 vs 4.9 s, 2 s 3.3 vs 5.8, 3 s 5.0 vs 3.8, 4 s 4.9 vs 4.1, 5 s 7.9 vs 2.2 (break-even about 2.5 s);
/// 360p25 — 2 s apart 0.90 vs 1.24, 4 s 1.02 vs 1.20, 6 s 1.40 vs 1.11 (break-even about 5 s).
/// Full decoding costs 0.107 CPU-s per second of 1080p25 and 0.015 at 360p; a seek to a keyframe 0.26 and 0.14 CPU-s.
/// The break-even gap interval/2 + 1 s + 0.4 s × (1080p25 pixel rate / source pixel rate) fits both: 2.4 s and 5.6 s.
/// </para>
/// <para>
/// Keyframes: a keyframe-only pass only demuxes between keyframes, so it beat keyframe seeks at every spacing measured
/// (1080p, 10 s apart 0.80 vs 1.13 s, 20 s 1.08 vs 1.46, 30 s 1.07 vs 1.38); seeking is left to keyframes a minute apart.
/// </para>
/// <para>
/// Seeks are spread over the allowed processes: 10 sparse 1080p frames took 2.3–2.9 s in two processes against 3.5 s in
/// one, and 5.6 s with one process per frame. Passes use all cores in one process: two half passes with one thread each
/// were no faster than one pass with two (60 frames a second apart: 5.8 vs 5.9 s).
/// </para>
/// </summary>
internal static class StrategyChooser
{
    private const double PixelRateAt1080p25 = 1920.0 * 1080 * 25;

    /// <param name="keyframes">The source's packets around the frames, when read: exact frames are then grouped by keyframe interval.</param>
    public static IReadOnlyList<Batch> Choose(
        FramePlan plan, MediaProbe probe, FrameSelection selection, ExtractionStrategy strategy, ExtractionTuning tuning, int maxProcesses, PacketIndex? keyframes = null)
    {
        var picks = plan.Picks;
        var all = Enumerable.Range(0, picks.Count).ToList();
        return strategy switch
        {
            ExtractionStrategy.SeekPerFrame => all.Select(i => Batch.Seeking([i])).ToList(),
            ExtractionStrategy.SeekInputs => SeekBatches(all, probe, tuning, maxProcesses),
            ExtractionStrategy.DecodePass => PassBatches([all], tuning, maxProcesses),
            _ when selection == FrameSelection.Exact => RangeBatches(plan.Picks, all, probe, keyframes, tuning, maxProcesses),
            _ => Automatic(picks, probe, selection, tuning, maxProcesses),
        };
    }

    /// <summary>The strategy name reported for a set of batches.</summary>
    public static string Describe(IEnumerable<Batch> batches, FrameSelection selection, ExtractionStrategy requested)
    {
        var kinds = batches.Select(b => b.Kind).Distinct().Order().Select(kind => kind switch
        {
            BatchKind.SeekInputs when requested == ExtractionStrategy.SeekPerFrame => "seek-per-frame",
            BatchKind.SeekInputs => "seek-inputs",
            BatchKind.SeekRanges => "seek-ranges",
            _ => "decode-pass",
        });
        var name = string.Join('+', kinds);
        return selection == FrameSelection.NearestKeyframe ? "keyframes:" + name : name;
    }

    private static List<Batch> Automatic(IReadOnlyList<FramePick> picks, MediaProbe probe, FrameSelection selection, ExtractionTuning tuning, int maxProcesses)
    {
        var denseGap = selection == FrameSelection.NearestKeyframe ? tuning.KeyframePassGap : PassBreakEven(probe, tuning);

        // Runs of frames close enough to each other to be decoded in one sweep; frames standing alone are sought.
        var runs = new List<List<int>>();
        for (var i = 0; i < picks.Count; i++)
        {
            if (i > 0 && picks[i].Pts - picks[i - 1].Pts <= denseGap)
            {
                runs[^1].Add(i);
            }
            else
            {
                runs.Add([i]);
            }
        }

        var singles = runs.Where(r => r.Count == 1).SelectMany(r => r).ToList();
        var dense = runs.Where(r => r.Count > 1).ToList();
        return [.. PassBatches(dense, tuning, maxProcesses), .. SeekBatches(singles, probe, tuning, maxProcesses)];
    }

    /// <summary>
    /// Whether grouping <paramref name="plan"/>'s exact frames would gain from knowing the keyframes: some frames are close
    /// enough that they may share a keyframe interval or be worth decoding on to. Frames further apart are sought alone anyway.
    /// </summary>
    public static bool WantsKeyframes(FramePlan plan, MediaProbe probe, ExtractionTuning tuning)
    {
        var close = PassBreakEven(probe, tuning);
        return plan.Picks.Zip(plan.Picks.Skip(1)).Any(pair => pair.Second.Pts - pair.First.Pts <= close);
    }

    /// <summary>
    /// Exact frames: ranges per keyframe interval (<see cref="SeekRanges"/>), spread over the allowed processes with as many
    /// inputs a process as seeking inputs may have; the cores are shared among the processes.
    /// </summary>
    private static List<Batch> RangeBatches(IReadOnlyList<FramePick> picks, List<int> all, MediaProbe probe, PacketIndex? keyframes, ExtractionTuning tuning, int maxProcesses)
    {
        var interval = probe.KeyframeInterval ?? tuning.UnknownKeyframeInterval;
        var seekCost = tuning.SeekCostAt1080p25 * (PixelRateAt1080p25 / PixelRate(probe));
        Func<TimeSpan, TimeSpan?> keyframeBefore = keyframes is null ? _ => null : keyframes.KeyframeAtOrBefore;
        var ranges = SeekRanges.Group(picks, all, keyframeBefore, interval, seekCost)
            .SelectMany(range => Split(range, Ceiling(range.Count, tuning.MaxFramesPerPass)))
            .ToList();
        var parts = SeekRanges.Spread(picks, ranges, Math.Min(maxProcesses, ranges.Count), InputsPerProcess(probe, tuning), seekCost);
        var threads = Math.Max(1, Environment.ProcessorCount / Math.Max(1, Math.Min(parts.Count, maxProcesses)));
        return parts.Select(part => new Batch(
            part.All(r => r.Count == 1) ? BatchKind.SeekInputs : BatchKind.SeekRanges,
            part.Select(r => (IReadOnlyList<int>)r).ToList(),
            part.All(r => r.Count == 1) ? 1 : threads)).ToList();
    }

    private static int InputsPerProcess(MediaProbe probe, ExtractionTuning tuning)
    {
        var pixels = Math.Max(1, probe.Width) * (double)Math.Max(1, probe.Height);
        return (int)Math.Clamp(tuning.InputsPerProcessAt1080p * (1920.0 * 1080 / pixels), 1, tuning.MaxInputsPerProcess);
    }

    /// <summary>The spacing below which one decoding pass costs less than seeking to each frame.</summary>
    internal static TimeSpan PassBreakEven(MediaProbe probe, ExtractionTuning tuning)
    {
        var interval = probe.KeyframeInterval ?? tuning.UnknownKeyframeInterval;
        return (interval / 2) + tuning.PassAdvantage + (tuning.SeekCostAt1080p25 * (PixelRateAt1080p25 / PixelRate(probe)));
    }

    private static double PixelRate(MediaProbe probe) =>
        Math.Max(1, probe.Width) * (double)Math.Max(1, probe.Height) * (probe.FrameRate > 0 ? probe.FrameRate : 25);

    private static List<Batch> SeekBatches(List<int> picks, MediaProbe probe, ExtractionTuning tuning, int maxProcesses)
    {
        if (picks.Count == 0)
        {
            return [];
        }

        var perProcess = InputsPerProcess(probe, tuning);
        var processes = Math.Max(Math.Min(maxProcesses, picks.Count), Ceiling(picks.Count, perProcess));
        return Split(picks, processes).Select(Batch.Seeking).ToList();
    }

    private static List<Batch> PassBatches(List<List<int>> runs, ExtractionTuning tuning, int maxProcesses)
    {
        var batches = runs.Where(r => r.Count > 0)
            .SelectMany(run => Split(run, Ceiling(run.Count, tuning.MaxFramesPerPass)))
            .ToList();
        var threads = Math.Max(1, Environment.ProcessorCount / Math.Max(1, Math.Min(batches.Count, maxProcesses)));
        return batches.Select(part => Batch.Pass(part, threads)).ToList();
    }

    /// <summary>Cuts a list into <paramref name="parts"/> contiguous pieces of near-equal size.</summary>
    private static IEnumerable<List<int>> Split(List<int> items, int parts)
    {
        parts = Math.Clamp(parts, 1, Math.Max(1, items.Count));
        var start = 0;
        for (var part = 0; part < parts; part++)
        {
            var size = (items.Count - start) / (parts - part);
            yield return items.GetRange(start, size);
            start += size;
        }
    }

    private static int Ceiling(int count, int size) => (count + size - 1) / Math.Max(1, size);
}
