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
}

/// <summary>Frames (indices into the plan's picks) that one ffmpeg process writes, and how.</summary>
internal sealed record Batch(BatchKind Kind, IReadOnlyList<int> Picks, int Threads);

/// <summary>
/// Limits and thresholds for choosing batches. The defaults come from measurements on a 2-core machine with a 1080p H.264
/// source (25 fps, keyframe every 2 s); see <see cref="StrategyChooser"/>.
/// </summary>
internal sealed record ExtractionTuning
{
    public static readonly ExtractionTuning Default = new();

    /// <summary>Exact frames at most this many keyframe intervals apart share one decoding pass; farther ones are sought.</summary>
    public double DensePassKeyframeIntervals { get; init; } = 2;

    /// <summary>Keyframe-only decoding is so cheap that reading everything between keyframes costs more than seeking past them.</summary>
    public TimeSpan KeyframePassGap { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Inputs per seeking process: each holds its own decoder and reference frames, so memory grows with it.</summary>
    public int MaxInputsPerProcess { get; init; } = 16;

    /// <summary>Frames per decoding pass; bounds the select expression, which ffmpeg evaluates for every decoded frame.</summary>
    public int MaxFramesPerPass { get; init; } = 100;

    /// <summary>Keyframe interval assumed when the probe saw fewer than two keyframes.</summary>
    public TimeSpan UnknownKeyframeInterval { get; init; } = TimeSpan.FromSeconds(2);
}

/// <summary>Splits a plan into ffmpeg runs. Pure.</summary>
internal static class StrategyChooser
{
    public static IReadOnlyList<Batch> Choose(FramePlan plan, MediaProbe probe, FrameSelection selection, ExtractionStrategy strategy, ExtractionTuning tuning, int maxProcesses)
    {
        var picks = plan.Picks;
        var all = Enumerable.Range(0, picks.Count).ToList();
        return strategy switch
        {
            ExtractionStrategy.SeekPerFrame => all.Select(i => new Batch(BatchKind.SeekInputs, [i], Threads: 1)).ToList(),
            ExtractionStrategy.SeekInputs => SeekBatches(all, tuning, maxProcesses),
            ExtractionStrategy.DecodePass => PassBatches([all], tuning, maxProcesses),
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
            _ => "decode-pass",
        });
        var name = string.Join('+', kinds);
        return selection == FrameSelection.NearestKeyframe ? "keyframes:" + name : name;
    }

    private static List<Batch> Automatic(IReadOnlyList<FramePick> picks, MediaProbe probe, FrameSelection selection, ExtractionTuning tuning, int maxProcesses)
    {
        var denseGap = selection == FrameSelection.NearestKeyframe
            ? tuning.KeyframePassGap
            : (probe.KeyframeInterval ?? tuning.UnknownKeyframeInterval) * tuning.DensePassKeyframeIntervals;

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
        return [.. PassBatches(dense, tuning, maxProcesses), .. SeekBatches(singles, tuning, maxProcesses)];
    }

    private static List<Batch> SeekBatches(List<int> picks, ExtractionTuning tuning, int maxProcesses)
    {
        if (picks.Count == 0)
        {
            return [];
        }

        var processes = Math.Max(Math.Min(maxProcesses, picks.Count), Ceiling(picks.Count, tuning.MaxInputsPerProcess));
        return Split(picks, processes).Select(part => new Batch(BatchKind.SeekInputs, part, Threads: 1)).ToList();
    }

    private static List<Batch> PassBatches(List<List<int>> runs, ExtractionTuning tuning, int maxProcesses)
    {
        var batches = runs.Where(r => r.Count > 0)
            .SelectMany(run => Split(run, Ceiling(run.Count, tuning.MaxFramesPerPass)))
            .ToList();
        var threads = Math.Max(1, Environment.ProcessorCount / Math.Max(1, Math.Min(batches.Count, maxProcesses)));
        return batches.Select(part => new Batch(BatchKind.DecodePass, part, threads)).ToList();
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
