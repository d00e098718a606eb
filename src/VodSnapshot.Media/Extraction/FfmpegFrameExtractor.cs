using System.Globalization;
using System.Runtime.ExceptionServices;
using FFMpegCore;
using Microsoft.Extensions.Logging;
using VodSnapshot.Media.Ffmpeg;
using VodSnapshot.Media.Probing;

namespace VodSnapshot.Media.Extraction;

/// <summary>
/// Extracts frames with ffmpeg in three steps: plan (which frame answers each time), decode (batches of ffmpeg runs chosen by
/// <see cref="StrategyChooser"/>), confirm (every image's decoded timestamp must be the planned one). Frames that fail the
/// check get two more chances: when their plan was computed from the frame rate, a plan from a packet scan decoded the
/// same way (the source only looked constant-rate, or its video ends before its container); then a plan from a scan of
/// the whole file decoded from the start without seeking (the container seeks late). Only if that fails too does the job fail.
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
            throw new FrameExtractionException(FrameFailure.SourceNotFound, "The source file does not exist.");
        }

        if (!probe.HasVideo)
        {
            throw new FrameExtractionException(FrameFailure.SourceUnreadable, "The source has no video stream that can be decoded.");
        }

        Directory.CreateDirectory(outputDirectory);
        var work = Directory.CreateDirectory(Path.Combine(outputDirectory, ".extracting-" + Guid.NewGuid().ToString("N")));
        using var floorCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<PacketIndex?>? floorScan = null;
        try
        {
            var job = new Job(source.FullName, probe, request, work.FullName, new ImageSettings(
                request.Width,
                request.Height,
                FfmpegOptions.ToFfmpegQScale(runner.Options.JpegQuality),
                KeyframesOnly: request.Selection == FrameSelection.NearestKeyframe,
                CellWidth: request.CellSize?.Width ?? 0,
                CellHeight: request.CellSize?.Height ?? 0), new DecodedFrameCounter());
            floorScan = request.Selection == FrameSelection.Exact ? FloorScanAsync(job, floorCancel.Token) : null;
            var answers = new Decoded?[request.Times.Count];
            var all = Enumerable.Range(0, request.Times.Count).ToList();

            var computed = request.Selection == FrameSelection.Exact && probe.IsConstantFrameRate && probe.FrameRate > 0;
            var plan = computed ? FramePlanner.ForConstantRate(probe, request.Times) : await PlanFromScanAsync(job, all, cancellationToken, floorScan);

            // Close exact frames are grouped by keyframe interval, which the floor scan reads (a plan from packets read it already).
            var keyframes = floorScan is not null && request.Strategy == ExtractionStrategy.Auto && StrategyChooser.WantsKeyframes(plan, probe, Tuning)
                ? await floorScan
                : null;
            var (strategy, unconfirmed) = await DecodeAsync(job, all, plan, request.Strategy, seek: true, "a", answers, cancellationToken, keyframes);

            if (unconfirmed.Count > 0 && computed)
            {
                LogRetry(logger, unconfirmed.Count, source.Name, strategy, "planning them from a packet scan");
                plan = await PlanFromScanAsync(job, unconfirmed, cancellationToken);
                (_, unconfirmed) = await DecodeAsync(job, unconfirmed, plan, request.Strategy, seek: true, "b", answers, cancellationToken);
                strategy += "+scanned";
            }

            if (unconfirmed.Count > 0)
            {
                LogRetry(logger, unconfirmed.Count, source.Name, strategy, "decoding them from the start");
                plan = await PlanFromStartAsync(job, unconfirmed, cancellationToken);
                (_, unconfirmed) = await DecodeAsync(job, unconfirmed, plan, ExtractionStrategy.DecodePass, seek: false, "c", answers, cancellationToken);
                strategy += "+from-start";
            }

            if (unconfirmed.Count > 0)
            {
                throw Unreadable(request.Times[unconfirmed[0]]);
            }

            var frames = Publish(request, answers, probe, outputDirectory);
            return new ExtractionResult(frames, strategy) { Decoding = await CountDecodingAsync(job, answers, floorScan) };
        }
        finally
        {
            await EndAsync(floorScan, floorCancel);
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

        if (request.CellSize is { } cell && (cell.Width < 1 || cell.Height < 1))
        {
            throw new ArgumentException("A cell size must be at least 1x1.", nameof(request));
        }
    }

    /// <summary>
    /// Plans <paramref name="times"/> (indices into the request) from ffprobe's packets around each (or the whole file when
    /// they are many or dense). A window whose seek landed late cannot vouch for its times; those are scanned from the start.
    /// </summary>
    private async Task<FramePlan> PlanFromScanAsync(Job job, List<int> times, CancellationToken cancellationToken, Task<PacketIndex?>? sameScan = null)
    {
        var targets = times.Select(t => job.Request.Times[t]).ToList();
        var range = FramePlanner.ScanFor(job.Probe, targets, job.Request.Selection);
        var index = (sameScan is null ? null : await sameScan) ?? await ScanAsync(job, range, cancellationToken);
        var plan = FramePlanner.FromIndex(job.Probe, index, targets, job.Request.Selection, range);
        var undecided = plan.Undecided.ToList();
        if (undecided.Count == 0 || range.Windows.Count == 0)
        {
            return plan;
        }

        var rescan = await PlanFromStartAsync(job, [.. undecided.Select(i => times[i])], cancellationToken);
        var choices = plan.PickOfTime.Select(p => p >= 0 ? plan.Picks[p] : (FramePick?)null).ToArray();
        for (var i = 0; i < undecided.Count; i++)
        {
            choices[undecided[i]] = rescan.PickOfTime[i] is var p and >= 0 ? rescan.Picks[p] : null;
        }

        return FramePlan.FromChoices(choices);
    }

    /// <summary>Plans <paramref name="times"/> from a scan of the file from its start, which needs no seeking.</summary>
    private async Task<FramePlan> PlanFromStartAsync(Job job, List<int> times, CancellationToken cancellationToken)
    {
        var targets = times.Select(t => job.Request.Times[t]).ToList();
        var range = job.Request.Selection == FrameSelection.Exact
            ? ScanRange.FromStart(job.Probe.StartTime + targets.Max() + FramePlanner.ReorderAllowance)
            : ScanRange.FromStart(null);
        return FramePlanner.FromIndex(job.Probe, await ScanAsync(job, range, cancellationToken), targets, job.Request.Selection, range);
    }

    /// <summary>
    /// Decodes the frames of <paramref name="plan"/> (made for <paramref name="times"/>, indices into the request), running the
    /// batches side by side (the runner caps how many ffmpeg processes actually run), and stores each confirmed frame in
    /// <paramref name="answers"/>. Returns the strategy used and the times still without a confirmed frame.
    /// </summary>
    private async Task<(string Strategy, List<int> Unconfirmed)> DecodeAsync(
        Job job, List<int> times, FramePlan plan, ExtractionStrategy strategy, bool seek, string prefix, Decoded?[] answers, CancellationToken cancellationToken,
        PacketIndex? keyframes = null)
    {
        var batches = StrategyChooser.Choose(plan, job.Probe, job.Request.Selection, strategy, Tuning, runner.Options.MaxConcurrentProcesses, keyframes);
        var decoded = new Decoded?[plan.Picks.Count];
        using var failFast = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var runs = batches.Select(async (batch, number) =>
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}{number}");
            var command = batch.Kind == BatchKind.DecodePass
                ? FfmpegCommands.DecodePass(job.Source, [.. batch.Picks.Select(i => plan.Picks[i])], job.Image, job.WorkFolder, name, batch.Threads, seek)
                : FfmpegCommands.SeekRanges(
                    job.Source, [.. batch.Inputs.Select(input => (IReadOnlyList<FramePick>)[.. input.Select(i => plan.Picks[i])])], job.Image, job.WorkFolder, name, batch.Threads);
            var showInfo = new ShowInfoLog();
            try
            {
                await RunAsync(
                    new ToolInvocation(MediaTool.Ffmpeg, command.Arguments, Decodes: true, OnStderrLine: line => job.Decoded.Accept(line) || showInfo.Accept(line)),
                    failFast.Token);
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
                if (IsWritten(image.Path) && (image.CellPath is null || IsWritten(image.CellPath))
                    && showInfo.FrameTime(image.ShowInfoName, image.Ordinal, image.Offset) is { } pts
                    && batch.Picks.FirstOrDefault(i => decoded[i] is null && plan.Picks[i].IsConfirmedBy(pts), -1) is var pick and >= 0)
                {
                    decoded[pick] = new Decoded(image.Path, image.CellPath, pts);
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

        var unconfirmed = new List<int>();
        for (var i = 0; i < times.Count; i++)
        {
            if (plan.PickOfTime[i] is var pick and >= 0 && decoded[pick] is { } frame)
            {
                answers[times[i]] = frame;
            }
            else
            {
                unconfirmed.Add(times[i]);
            }
        }

        return (StrategyChooser.Describe(batches, job.Request.Selection, strategy), unconfirmed);
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
            throw new FrameExtractionException(FrameFailure.TimedOut, ex.Message, ex, ex.StderrTail);
        }
        catch (ToolRunException ex)
        {
            throw new FrameExtractionException(FrameFailure.Internal, "The media tools could not be started.", ex, ex.StderrTail);
        }

        if (run.ExitCode != 0)
        {
            var kind = ClassifyFailure(run.StderrTail);
            var message = kind switch
            {
                FrameFailure.SourceNotFound => "The source file does not exist.",
                FrameFailure.SourceUnreadable => "The source could not be decoded.",
                _ => "Taking the snapshots failed.",
            };
            throw new FrameExtractionException(kind, message, toolOutput: run.StderrTail);
        }

        return run;
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

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "{Count} frame(s) of {Source} did not match the plan with {Strategy}; {Remedy}")]
    private static partial void LogRetry(ILogger logger, int count, string source, string strategy, string remedy);

    /// <param name="Decoded">Counts the frames every ffmpeg run of the job decoded.</param>
    private sealed record Job(string Source, MediaProbe Probe, FrameRequest Request, string WorkFolder, ImageSettings Image, DecodedFrameCounter Decoded);

    /// <summary>A decoded frame in the work folder: its image, its cell (when asked for) and its presentation time on the source clock.</summary>
    private readonly record struct Decoded(string Path, string? CellPath, TimeSpan Pts);
}
