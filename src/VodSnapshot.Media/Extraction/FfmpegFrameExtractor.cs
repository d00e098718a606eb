using System.Globalization;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using VodSnapshot.Media.Ffmpeg;
using VodSnapshot.Media.Probing;

namespace VodSnapshot.Media.Extraction;

/// <summary>
/// Extracts frames with ffmpeg in three steps: plan (which frame answers each time), decode (batches of ffmpeg runs chosen by
/// <see cref="StrategyChooser"/>), confirm (every image's decoded timestamp must be the planned one). Frames that fail the
/// check are planned again from a full packet scan and decoded by a pass from the start of the file, which trusts neither
/// the frame-rate nor the container's seeking; only if that fails too does the job fail.
/// </summary>
internal sealed partial class FfmpegFrameExtractor(FfmpegRunner runner, ILogger<FfmpegFrameExtractor> logger) : IFrameExtractor
{
    public ExtractionTuning Tuning { get; init; } = ExtractionTuning.Default;

    public async Task<ExtractionResult> ExtractAsync(string sourcePath, MediaProbe probe, FrameRequest request, string outputDirectory, CancellationToken cancellationToken)
    {
        Validate(request);
        var source = new FileInfo(sourcePath);
        if (!source.Exists)
        {
            throw new FrameExtractionException(FrameExtractionException.SourceNotFound, "The source file does not exist.");
        }

        if (!probe.HasVideo)
        {
            throw new FrameExtractionException(FrameExtractionException.SourceUnreadable, "The source has no video stream that can be decoded.");
        }

        Directory.CreateDirectory(outputDirectory);
        var work = Directory.CreateDirectory(Path.Combine(outputDirectory, ".extracting-" + Guid.NewGuid().ToString("N")));
        try
        {
            var job = new Job(source.FullName, probe, request, work.FullName, new ImageSettings(
                request.Width,
                request.Height,
                FfmpegOptions.ToFfmpegQScale(runner.Options.JpegQuality),
                KeyframesOnly: request.Selection == FrameSelection.NearestKeyframe));

            var plan = await PlanAsync(job, cancellationToken);
            var batches = StrategyChooser.Choose(plan, probe, request.Selection, request.Strategy, Tuning, runner.Options.MaxConcurrentProcesses);
            var strategy = StrategyChooser.Describe(batches, request.Selection, request.Strategy);
            var decoded = await DecodeAsync(job, plan, batches, "b", cancellationToken);

            var answers = new (string Path, TimeSpan Pts)?[request.Times.Count];
            var retry = new List<int>();
            for (var time = 0; time < answers.Length; time++)
            {
                var pick = plan.PickOfTime[time];
                if (pick >= 0 && decoded[pick] is { } frame && plan.Picks[pick].IsConfirmedBy(frame.Pts))
                {
                    answers[time] = frame;
                }
                else
                {
                    retry.Add(time);
                }
            }

            if (retry.Count > 0)
            {
                LogFallback(logger, retry.Count, source.Name, strategy);
                await DecodeFromStartAsync(job, retry, answers, cancellationToken);
                strategy += "+from-start";
            }

            return new ExtractionResult(Publish(request, answers, probe, outputDirectory), strategy);
        }
        finally
        {
            TryDelete(work);
        }
    }

    private static void Validate(FrameRequest request)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Width, 1, nameof(request));
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Height, 1, nameof(request));
        if (request.Times.Count == 0)
        {
            throw new ArgumentException("At least one time is required.", nameof(request));
        }

        if (request.Times.Any(t => t < TimeSpan.Zero))
        {
            throw new ArgumentException("Times cannot be negative.", nameof(request));
        }
    }

    /// <summary>
    /// Constant-rate sources need no scan for exact frames: frame times follow from the rate. Otherwise ffprobe lists the
    /// packets around each time (or the whole file when the times are many or dense).
    /// </summary>
    private async Task<FramePlan> PlanAsync(Job job, CancellationToken cancellationToken)
    {
        var (probe, request) = (job.Probe, job.Request);
        if (request.Selection == FrameSelection.Exact && probe.IsConstantFrameRate && probe.FrameRate > 0)
        {
            return FramePlanner.ForConstantRate(probe, request.Times);
        }

        var range = FramePlanner.ScanFor(probe, request.Times, request.Selection);
        var plan = FramePlanner.FromIndex(probe, await ScanAsync(job, range, cancellationToken), request.Times, request.Selection, range);
        if (!plan.Undecided.Any() || range.Windows.Count == 0)
        {
            return plan;
        }

        // A window whose seek landed late cannot vouch for its times: scan those from the start instead.
        var undecided = plan.Undecided.ToList();
        var fullRange = FullScan(job, undecided);
        var fullPlan = FramePlanner.FromIndex(probe, await ScanAsync(job, fullRange, cancellationToken), [.. undecided.Select(t => request.Times[t])], request.Selection, fullRange);
        var choices = Enumerable.Range(0, request.Times.Count).Select(t => plan.PickOfTime[t] is var p and >= 0 ? plan.Picks[p] : (FramePick?)null).ToArray();
        for (var i = 0; i < undecided.Count; i++)
        {
            choices[undecided[i]] = fullPlan.PickOfTime[i] is var p and >= 0 ? fullPlan.Picks[p] : null;
        }

        return FramePlan.FromChoices(choices);
    }

    /// <summary>The second chance: plan from a scan of the file from its start, and decode from the start without seeking.</summary>
    private async Task DecodeFromStartAsync(Job job, List<int> times, (string Path, TimeSpan Pts)?[] answers, CancellationToken cancellationToken)
    {
        var range = FullScan(job, times);
        var requested = times.Select(t => job.Request.Times[t]).ToList();
        var plan = FramePlanner.FromIndex(job.Probe, await ScanAsync(job, range, cancellationToken), requested, job.Request.Selection, range);
        var firstMissing = plan.Undecided.Select(i => requested[i]).FirstOrDefault(TimeSpan.MinValue);
        if (firstMissing != TimeSpan.MinValue)
        {
            throw Unreadable(firstMissing);
        }

        var batches = Enumerable.Range(0, plan.Picks.Count)
            .Chunk(Tuning.MaxFramesPerPass)
            .Select(chunk => new Batch(BatchKind.DecodePass, chunk, Environment.ProcessorCount))
            .ToList();
        var decoded = await DecodeAsync(job, plan, batches, "f", cancellationToken, seek: false);
        for (var i = 0; i < times.Count; i++)
        {
            var pick = plan.PickOfTime[i];
            if (decoded[pick] is not { } frame || !plan.Picks[pick].IsConfirmedBy(frame.Pts))
            {
                throw Unreadable(requested[i]);
            }

            answers[times[i]] = frame;
        }
    }

    private static ScanRange FullScan(Job job, List<int> times) =>
        job.Request.Selection == FrameSelection.Exact
            ? ScanRange.FromStart(job.Probe.StartTime + times.Max(t => job.Request.Times[t]) + FramePlanner.ReorderAllowance)
            : ScanRange.FromStart(null);

    private async Task<PacketIndex> ScanAsync(Job job, ScanRange range, CancellationToken cancellationToken)
    {
        List<string> arguments =
        [
            "-hide_banner", "-v", "error",
            "-select_streams", FfprobeReport.VideoStreamSpecifier,
            "-show_entries", "packet=pts_time,flags",
            "-of", "compact=p=0",
        ];
        if (range.ToReadIntervals() is { } intervals)
        {
            arguments.AddRange(["-read_intervals", intervals]);
        }

        arguments.AddRange(["-i", job.Source]);
        var run = await RunAsync(new ToolInvocation(MediaTool.Ffprobe, arguments, Decodes: false, CaptureStdout: true), cancellationToken);
        return PacketIndex.Parse(run.Stdout);
    }

    /// <summary>Runs the batches side by side (the runner caps how many ffmpeg processes actually run) and reads back each frame's time.</summary>
    private async Task<(string Path, TimeSpan Pts)?[]> DecodeAsync(Job job, FramePlan plan, IReadOnlyList<Batch> batches, string prefix, CancellationToken cancellationToken, bool seek = true)
    {
        var decoded = new (string Path, TimeSpan Pts)?[plan.Picks.Count];
        using var failFast = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var runs = batches.Select(async (batch, number) =>
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}{number}");
            var frames = batch.Picks.Select(i => plan.Picks[i]).ToList();
            var command = batch.Kind == BatchKind.SeekInputs
                ? FfmpegCommands.SeekInputs(job.Source, frames, job.Image, job.WorkFolder, name, batch.Threads)
                : FfmpegCommands.DecodePass(job.Source, frames, job.Image, job.WorkFolder, name, batch.Threads, seek);
            var showInfo = new ShowInfoLog();
            try
            {
                await RunAsync(new ToolInvocation(MediaTool.Ffmpeg, command.Arguments, Decodes: true, OnStderrLine: showInfo.Accept), failFast.Token);
            }
            catch
            {
                await failFast.CancelAsync();
                throw;
            }

            // Each image goes to the planned frame its decoded time confirms, whatever the order: a frame that was not where
            // the plan expected it then leaves only its own pick unanswered instead of shifting every later one.
            foreach (var image in command.Images)
            {
                var file = new FileInfo(image.Path);
                if (file.Exists && file.Length > 0
                    && showInfo.FrameTime(image.ShowInfoName, image.Ordinal, image.Offset) is { } pts
                    && batch.Picks.FirstOrDefault(i => decoded[i] is null && plan.Picks[i].IsConfirmedBy(pts), -1) is var pick and >= 0)
                {
                    decoded[pick] = (image.Path, pts);
                }
            }
        }).ToList();

        try
        {
            await Task.WhenAll(runs);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested
            && runs.FirstOrDefault(r => r.IsFaulted && r.Exception!.InnerException is not OperationCanceledException) is { } failed)
        {
            // A failed run cancels its siblings; report that failure, not the cancellations it caused.
            ExceptionDispatchInfo.Capture(failed.Exception!.InnerException!).Throw();
        }

        return decoded;
    }

    /// <summary>Runs ffmpeg or ffprobe; a non-zero exit or a run that never finished becomes a <see cref="FrameExtractionException"/>.</summary>
    private async Task<ToolRun> RunAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        ToolRun run;
        try
        {
            run = await runner.RunAsync(invocation, cancellationToken);
        }
        catch (ToolRunException ex) when (ex.Failure is ToolFailure.TimedOut or ToolFailure.Stalled)
        {
            // The runner's message names the limit that was hit (no progress, or the overall time), which the caller needs to see.
            throw new FrameExtractionException(FrameExtractionException.TimedOut, ex.Message, ex, ex.StderrTail);
        }
        catch (ToolRunException ex)
        {
            throw new FrameExtractionException(FrameExtractionException.Internal, "The media tools could not be started.", ex, ex.StderrTail);
        }

        if (run.ExitCode != 0)
        {
            var code = ClassifyFailure(run.StderrTail);
            var message = code switch
            {
                FrameExtractionException.SourceNotFound => "The source file does not exist.",
                FrameExtractionException.SourceUnreadable => "The source could not be decoded.",
                _ => "Taking the snapshots failed.",
            };
            throw new FrameExtractionException(code, message, toolOutput: run.StderrTail);
        }

        return run;
    }

    /// <summary>Reads ffmpeg's complaint to tell a missing or undecodable source from a failure of our own.</summary>
    internal static string ClassifyFailure(string stderr)
    {
        string[] unreadable =
        [
            "Invalid data found when processing input",
            "moov atom not found",
            "could not find codec parameters",
            "Invalid NAL unit",
            "does not contain any stream",
            "Error while decoding",
            "error while decoding",
            "Stream specifier",
            "Decoder (codec",
            "EBML header parsing failed",
            "End of file",
        ];
        if (stderr.Contains("No such file or directory", StringComparison.Ordinal))
        {
            return FrameExtractionException.SourceNotFound;
        }

        return unreadable.Any(marker => stderr.Contains(marker, StringComparison.Ordinal))
            ? FrameExtractionException.SourceUnreadable
            : FrameExtractionException.Internal;
    }

    private static FrameExtractionException Unreadable(TimeSpan time) =>
        new(FrameExtractionException.SourceUnreadable, string.Create(CultureInfo.InvariantCulture, $"No frame could be decoded at {time.TotalSeconds:0.###} s."));

    /// <summary>
    /// Renames the checked images to 00001.jpg… in one step each, so a reader (or a re-run) never sees a half-written file;
    /// a frame answering several times is copied for all but its last use.
    /// </summary>
    private static List<ExtractedFrame> Publish(FrameRequest request, (string Path, TimeSpan Pts)?[] answers, MediaProbe probe, string outputDirectory)
    {
        var lastUse = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var time = 0; time < answers.Length; time++)
        {
            lastUse[answers[time]!.Value.Path] = time;
        }

        var frames = new List<ExtractedFrame>(answers.Length);
        for (var time = 0; time < answers.Length; time++)
        {
            var (path, pts) = answers[time]!.Value;
            var target = Path.Combine(outputDirectory, string.Create(CultureInfo.InvariantCulture, $"{time + 1:D5}.jpg"));
            if (lastUse[path] == time)
            {
                File.Move(path, target, overwrite: true);
            }
            else
            {
                var copy = string.Create(CultureInfo.InvariantCulture, $"{path}.{time}.copy");
                File.Copy(path, copy);
                File.Move(copy, target, overwrite: true);
            }

            frames.Add(new ExtractedFrame(time + 1, request.Times[time], pts - probe.StartTime, target));
        }

        return frames;
    }

    private static void TryDelete(DirectoryInfo folder)
    {
        try
        {
            folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Left for a later clean-up; the results are already in place or the job has failed anyway.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "{Count} frame(s) of {Source} did not match the plan with {Strategy}; decoding them again from the start")]
    private static partial void LogFallback(ILogger logger, int count, string source, string strategy);

    private sealed record Job(string Source, MediaProbe Probe, FrameRequest Request, string WorkFolder, ImageSettings Image);
}
