using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Features.UrlUploads;

/// <summary>The statuses of a URL pull (vod-lifecycle §4.2).</summary>
public static class UrlUploadStatus
{
    public const string Pending = "PENDING";
    public const string Downloading = "DOWNLOADING";
    public const string DownloadFail = "DOWNLOAD_FAIL";
    public const string Uploading = "UPLOADING";
    public const string UploadSuccess = "UPLOAD_SUCCESS";
    public const string UploadFail = "UPLOAD_FAIL";
    public const string Success = "SUCCESS";
}

/// <summary>One URL of an UploadMediaByURL call: the pull job and the video it fills.</summary>
public sealed class UrlUploadJob
{
    public required string JobId { get; init; }

    public required string VideoId { get; init; }

    public required string UploadUrl { get; init; }

    /// <summary>The extension the pulled file is stored and probed with (from the URL or UploadMetadatas.FileExtension).</summary>
    public required string Extension { get; init; }

    public required string Status { get; set; }

    public string? UserData { get; init; }

    public long? FileSize { get; set; }

    public string? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }

    public DateTimeOffset CreationTime { get; init; }

    public DateTimeOffset? CompleteTime { get; set; }
}

public static class UrlUploadModel
{
    public static void ConfigureUrlUploads(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<UrlUploadJob>(job =>
        {
            job.HasKey(j => j.JobId);
            job.HasIndex(j => new { j.UploadUrl, j.CreationTime });
            job.HasOne<Video>().WithMany().HasForeignKey(j => j.VideoId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
