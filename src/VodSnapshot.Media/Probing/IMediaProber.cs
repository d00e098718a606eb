namespace VodSnapshot.Media.Probing;

public interface IMediaProber
{
    /// <summary>Probes a local file. Throws <see cref="MediaProbeException"/> when the file cannot be read as media.</summary>
    Task<MediaProbe> ProbeAsync(string path, CancellationToken cancellationToken);
}

/// <summary>A file that cannot be read as media. The message is safe to show; <see cref="ToolOutput"/> is for logs only.</summary>
public sealed class MediaProbeException(string message, Exception? inner = null, string? toolOutput = null) : Exception(message, inner)
{
    /// <summary>The last lines ffprobe wrote, when it ran.</summary>
    public string? ToolOutput { get; } = toolOutput;
}
