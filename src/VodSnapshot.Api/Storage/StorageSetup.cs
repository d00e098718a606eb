namespace VodSnapshot.Api.Storage;

public static class StorageSetup
{
    /// <summary>Section <c>Storage</c> (the state folder and the base of image URLs), the image layout and the clock.</summary>
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SnapshotStore>();
        builder.Services.AddSingleton<DiskSpace>();
        // The media engine records its running ffmpeg processes in the state folder, so a restart after a crash finds survivors.
        builder.Services.AddOptions<VodSnapshot.Media.FfmpegOptions>().PostConfigure<Microsoft.Extensions.Options.IOptions<StorageOptions>>(
            (ffmpeg, storage) => ffmpeg.ProcessRecordFolder ??= storage.Value.ProcessRecordsFolder);
        return builder;
    }

    /// <summary>Creates the state folders before the first request is served.</summary>
    public static WebApplication InitializeStorage(this WebApplication app)
    {
        var storage = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value;
        Directory.CreateDirectory(storage.FullRoot);
        Directory.CreateDirectory(storage.UploadsFolder);
        Directory.CreateDirectory(storage.SnapshotsFolder);
        return app;
    }
}
