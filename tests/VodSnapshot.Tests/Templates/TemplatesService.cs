using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Media.Extraction;
using VodSnapshot.Media.Probing;
using VodSnapshot.Media.Sprites;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Templates;

/// <summary>
/// The real service in process for the template tests, with helpers for calls in either wire format and for reading the
/// database. Where the media engine is not part of the build, placeholders that refuse all work stand in for it so the
/// service can start: template actions and job submission never touch it, and with the engine present the real one is
/// used unchanged.
/// </summary>
public sealed class TemplatesService : IDisposable
{
    private readonly VodSnapshotApp _app;

    public TemplatesService(IDictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        _app = new VodSnapshotApp(settings);
        Factory = _app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            if (clock is not null)
            {
                services.Replace(ServiceDescriptor.Singleton(clock));
            }

            services.TryAddSingleton<IMediaProber, AbsentMediaEngine>();
            services.TryAddSingleton<IFrameExtractor, AbsentMediaEngine>();
            services.TryAddSingleton<ISpriteComposer, AbsentMediaEngine>();
        }));
    }

    public WebApplicationFactory<Program> Factory { get; }

    public string MediaRoot => _app.MediaRoot;

    public async Task<(int Status, JsonElement Body)> JsonAsync(string action, params (string Name, string Value)[] parameters)
    {
        using var response = await Factory.CreateClient().GetAsync(Url(action, "JSON", parameters), TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken));
    }

    public async Task<(int Status, XElement Body)> XmlAsync(string action, params (string Name, string Value)[] parameters)
    {
        using var response = await Factory.CreateClient().GetAsync(Url(action, "XML", parameters), TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, XElement.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)));
    }

    /// <summary>Adds a template in the default application and answers its id.</summary>
    public async Task<string> AddTemplateAsync(string config, string name = "test", string? appId = null)
    {
        var parameters = new List<(string, string)> { ("Name", name), ("TemplateType", "Snapshot"), ("TemplateConfig", config) };
        if (appId is not null)
        {
            parameters.Add(("AppId", appId));
        }

        var (status, body) = await JsonAsync("AddVodTemplate", [.. parameters]);
        Assert.Equal(200, status);
        return body.GetProperty("VodTemplateId").GetString()!;
    }

    /// <summary>
    /// Stores a playable video row directly, as a registration would after probing, so jobs can be submitted without
    /// the media engine. The source file does not exist, so a job that runs fails without touching ffmpeg.
    /// </summary>
    public async Task<string> AddVideoAsync(double durationSeconds = 10, int width = 640, int height = 360)
    {
        var id = Ids.New();
        await WithDbAsync(db =>
        {
            db.Videos.Add(new Video
            {
                Id = id,
                FileUrl = "file:///nowhere/" + id + ".mp4",
                SourcePath = "/nowhere/" + id + ".mp4",
                Title = "Stored directly",
                Status = VideoStatus.UploadSucc,
                Probe = MediaProbe.None with
                {
                    HasVideo = true,
                    Duration = TimeSpan.FromSeconds(durationSeconds),
                    Width = width,
                    Height = height,
                    DisplayWidth = width,
                    DisplayHeight = height,
                    FrameRate = 25,
                    IsConstantFrameRate = true,
                },
                CreationTime = DateTimeOffset.UtcNow,
                ModificationTime = DateTimeOffset.UtcNow,
            });
            return db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        return id;
    }

    public async Task<T> WithDbAsync<T>(Func<VodDbContext, Task<T>> query)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<VodDbContext>());
    }

    public void Dispose() => _app.Dispose();

    private static string Url(string action, string format, (string Name, string Value)[] parameters)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal) { ["Action"] = action, ["Version"] = "2017-03-21", ["Format"] = format };
        foreach (var (name, value) in parameters)
        {
            query[name] = value;
        }

        return TestSupport.Rpc.Query(query);
    }

    /// <summary>Stands in for a media engine that is not part of the build; any use of it fails the job that asked.</summary>
    private sealed class AbsentMediaEngine : IMediaProber, IFrameExtractor, ISpriteComposer
    {
        public Task<MediaProbe> ProbeAsync(string path, CancellationToken cancellationToken) =>
            throw new MediaProbeException("The media engine is not part of this build.");

        public Task<ExtractionResult> ExtractAsync(string sourcePath, MediaProbe probe, FrameRequest request, string outputDirectory, CancellationToken cancellationToken) =>
            throw new FrameExtractionException(FrameFailure.Internal, "The media engine is not part of this build.");

        public Task<SpriteResult> ComposeAsync(IReadOnlyList<string> frames, SpriteSheetLayout layout, (byte R, byte G, byte B) background, bool keepCells, string outputDirectory, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The media engine is not part of this build.");
    }
}
