using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Features.Uploads;

/// <summary>
/// The OSS object a CreateUploadVideo handed out for one video (vod-lifecycle §2.3): the only object its credentials
/// may write, and, once written, what OSS knows about it (HeadObject, the completion hook).
/// </summary>
public sealed class UploadGrant
{
    public required string VideoId { get; init; }

    public required string Bucket { get; init; }

    /// <summary>The object key handed out as UploadAddress.FileName, e.g. <c>sv/1a2b3c4d-18f0e1d2c3b/1a2b3c4d-18f0e1d2c3b.mp4</c>.</summary>
    public required string ObjectKey { get; init; }

    /// <summary>The Endpoint handed out (scheme, host, port), kept so RefreshUploadVideo answers the same address.</summary>
    public required string Endpoint { get; init; }

    /// <summary>The quoted upper-case hex ETag of the stored object, or null while nothing is stored.</summary>
    public string? ObjectETag { get; set; }

    public long? ObjectSize { get; set; }

    /// <summary><c>Normal</c> (PutObject) or <c>Multipart</c>.</summary>
    public string? ObjectType { get; set; }

    public string? ObjectContentType { get; set; }

    public DateTimeOffset? ObjectTime { get; set; }

    public DateTimeOffset CreationTime { get; init; }
}

/// <summary>One set of temporary credentials (STS-style) scoped to one <see cref="UploadGrant"/>.</summary>
public sealed class UploadCredential
{
    /// <summary><c>STS.</c> followed by random letters and digits.</summary>
    public required string AccessKeyId { get; init; }

    public required string AccessKeySecret { get; init; }

    public required string SecurityToken { get; init; }

    public required string VideoId { get; init; }

    public DateTimeOffset CreationTime { get; init; }

    public DateTimeOffset ExpireTime { get; init; }
}

/// <summary>A multipart upload between InitiateMultipartUpload and Complete/Abort.</summary>
public sealed class OssMultipartUpload
{
    /// <summary>32 upper-case hex characters.</summary>
    public required string UploadId { get; init; }

    public required string VideoId { get; init; }

    public required string ObjectKey { get; init; }

    public string? ContentType { get; init; }

    public DateTimeOffset CreationTime { get; init; }
}

/// <summary>One uploaded part, stored as its own file until the upload completes or is aborted.</summary>
public sealed class OssMultipartPart
{
    public required string UploadId { get; init; }

    public int PartNumber { get; init; }

    public required string ETag { get; set; }

    public long Size { get; set; }

    public DateTimeOffset Time { get; set; }
}

/// <summary>Where a media event's delivery is (the same states as snapshot callbacks).</summary>
public enum VideoEventStatus
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>
/// One media event (FileUploadComplete, VideoAnalysisComplete, UploadByURLComplete…) on its way to its callback URL,
/// stored with the state change that caused it, so a crash between the two loses nothing. Belongs to the video.
/// </summary>
public sealed class VideoEventDelivery
{
    public required string Id { get; init; }

    public required string VideoId { get; init; }

    public required string EventType { get; init; }

    public required string EventId { get; init; }

    public required string Url { get; init; }

    /// <summary>The JSON body, exactly as sent on every attempt.</summary>
    public required string Body { get; init; }

    public VideoEventStatus Status { get; set; }

    public int AttemptCount { get; set; }

    public int? LastStatusCode { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset CreationTime { get; init; }

    public DateTimeOffset? CompleteTime { get; set; }
}

/// <summary>The tables of the upload lifecycle; every row goes with its video.</summary>
public static class UploadModel
{
    public static void ConfigureUploads(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<UploadGrant>(grant =>
        {
            grant.HasKey(g => g.VideoId);
            grant.HasIndex(g => new { g.Bucket, g.ObjectKey }).IsUnique();
            grant.HasOne<Video>().WithMany().HasForeignKey(g => g.VideoId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<UploadCredential>(credential =>
        {
            credential.HasKey(c => c.AccessKeyId);
            credential.HasIndex(c => c.SecurityToken).IsUnique();
            credential.HasIndex(c => c.VideoId);
            credential.HasOne<UploadGrant>().WithMany().HasForeignKey(c => c.VideoId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<OssMultipartUpload>(upload =>
        {
            upload.HasKey(u => u.UploadId);
            upload.HasIndex(u => u.VideoId);
            upload.HasOne<UploadGrant>().WithMany().HasForeignKey(u => u.VideoId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<OssMultipartPart>(part =>
        {
            part.HasKey(p => new { p.UploadId, p.PartNumber });
            part.HasOne<OssMultipartUpload>().WithMany().HasForeignKey(p => p.UploadId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<VideoEventDelivery>(delivery =>
        {
            delivery.HasKey(d => d.Id);
            delivery.HasIndex(d => new { d.VideoId, d.CreationTime });
            delivery.HasIndex(d => d.Status);
            delivery.Property(d => d.Status).HasConversion<string>();
            delivery.HasOne<Video>().WithMany().HasForeignKey(d => d.VideoId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
