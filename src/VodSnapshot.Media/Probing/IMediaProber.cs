namespace VodSnapshot.Media.Probing;

public interface IMediaProber
{
    /// <summary>Probes a local file. Throws <see cref="MediaProbeException"/> when the file cannot be read as media.</summary>
    Task<MediaProbe> ProbeAsync(string path, CancellationToken cancellationToken);
}

public sealed class MediaProbeException(string message, Exception? inner = null) : Exception(message, inner);
