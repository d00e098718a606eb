using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VodSnapshot.Media;
using VodSnapshot.Media.Extraction;
using VodSnapshot.Media.Ffmpeg;
using VodSnapshot.Media.Probing;
using VodSnapshot.Media.Sprites;

namespace VodSnapshot.Tests.TestSupport;

/// <summary>The media engine as the service wires it (<see cref="MediaEngineServiceCollectionExtensions.AddMediaEngine"/>), with optional settings.</summary>
public sealed class MediaEngine : IDisposable
{
    private readonly ServiceProvider _services;

    public MediaEngine(IDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection((settings ?? new Dictionary<string, string?>()).ToDictionary(s => "Ffmpeg:" + s.Key, s => s.Value))
            .Build();
        _services = new ServiceCollection().AddLogging().AddMediaEngine(configuration).BuildServiceProvider(validateScopes: true);
    }

    public IMediaProber Prober => _services.GetRequiredService<IMediaProber>();

    public IFrameExtractor Extractor => _services.GetRequiredService<IFrameExtractor>();

    public ISpriteComposer Composer => _services.GetRequiredService<ISpriteComposer>();

    public FfmpegLocator Locator => _services.GetRequiredService<FfmpegLocator>();

    /// <summary>An extractor on this engine's runner with other thresholds for choosing how to decode.</summary>
    internal IFrameExtractor ExtractorWith(ExtractionTuning tuning) =>
        new FfmpegFrameExtractor(_services.GetRequiredService<FfmpegRunner>(), _services.GetRequiredService<ILogger<FfmpegFrameExtractor>>()) { Tuning = tuning };

    public FfmpegOptions Options => _services.GetRequiredService<IOptions<FfmpegOptions>>().Value;

    public static MediaEngine WithStallTimeout(TimeSpan stall) =>
        new(new Dictionary<string, string?> { ["StallTimeout"] = stall.ToString("c", CultureInfo.InvariantCulture) });

    public void Dispose() => _services.Dispose();
}
