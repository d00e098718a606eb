using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VodSnapshot.Media.Extraction;
using VodSnapshot.Media.Ffmpeg;
using VodSnapshot.Media.Probing;
using VodSnapshot.Media.Sprites;

namespace VodSnapshot.Media;

public static class MediaEngineServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IMediaProber"/>, <see cref="IFrameExtractor"/>, <see cref="ISpriteComposer"/> and
    /// <see cref="FfmpegLocator"/> as singletons, and the start-up clean-up of media tools an earlier run left behind (they share one cap on running ffmpeg processes), with
    /// <see cref="FfmpegOptions"/> bound from the <c>Ffmpeg</c> section of <paramref name="configuration"/> and validated at start.
    /// </summary>
    public static IServiceCollection AddMediaEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FfmpegOptions>()
            .Bind(configuration.GetSection(FfmpegOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton<ChildProcessGuard>();
        services.AddHostedService<SurvivorReaper>();
        services.AddSingleton<FfmpegRunner>();
        services.AddSingleton(sp => new FfmpegLocator(sp.GetRequiredService<FfmpegRunner>()));
        services.AddSingleton<IMediaProber, FfprobeMediaProber>();
        services.AddSingleton<IFrameExtractor, FfmpegFrameExtractor>();
        services.AddSingleton<ISpriteComposer, ImageSharpSpriteComposer>();
        return services;
    }
}
