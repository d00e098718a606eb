using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using VodSnapshot.Api.Features.Faults;
using VodSnapshot.Api.Features.Uploads;
using VodSnapshot.Api.Features.UrlUploads;

namespace VodSnapshot.Api.Persistence;

/// <summary>
/// The database is the source of truth for videos, jobs, images, templates, callback configuration and callback deliveries;
/// everything else can be rebuilt from it. Provider-neutral: each provider has its own context type (SqliteVodDbContext,
/// PostgreSqlVodDbContext), which owns its conventions and its migrations; the services resolve this base type.
/// </summary>
public abstract class VodDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Video> Videos => Set<Video>();

    public DbSet<SnapshotJob> SnapshotJobs => Set<SnapshotJob>();

    public DbSet<SnapshotImage> SnapshotImages => Set<SnapshotImage>();

    public DbSet<VodTemplate> VodTemplates => Set<VodTemplate>();

    public DbSet<SeedRecord> SeedRecords => Set<SeedRecord>();

    public DbSet<CallbackDelivery> CallbackDeliveries => Set<CallbackDelivery>();

    public DbSet<CallbackAttempt> CallbackAttempts => Set<CallbackAttempt>();

    public DbSet<SignatureNonce> SignatureNonces => Set<SignatureNonce>();

    public DbSet<MessageCallbackConfig> MessageCallbacks => Set<MessageCallbackConfig>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Video>(video =>
        {
            video.HasKey(v => v.Id);
            video.HasIndex(v => v.FileUrl).IsUnique();
            // One value, in the columns it has always had (durations as seconds), plus whether a video stream was found.
            video.ComplexProperty(v => v.Probe, probe =>
            {
                probe.Property(p => p.HasVideo).HasColumnName("HasVideo");
                probe.Property(p => p.Duration).HasColumnName("DurationSeconds").HasConversion(Seconds);
                probe.Property(p => p.SizeBytes).HasColumnName("SizeBytes");
                probe.Property(p => p.Width).HasColumnName("Width");
                probe.Property(p => p.Height).HasColumnName("Height");
                probe.Property(p => p.DisplayWidth).HasColumnName("DisplayWidth");
                probe.Property(p => p.DisplayHeight).HasColumnName("DisplayHeight");
                probe.Property(p => p.FrameRate).HasColumnName("FrameRate");
                probe.Property(p => p.IsConstantFrameRate).HasColumnName("IsConstantFrameRate");
                probe.Property(p => p.StartTime).HasColumnName("StartTimeSeconds").HasConversion(Seconds);
                probe.Property(p => p.KeyframeInterval).HasColumnName("KeyframeIntervalSeconds").HasConversion(OptionalSeconds);
                probe.Property(p => p.VideoCodec).HasColumnName("VideoCodec");
                // Null in rows of files that could not be probed, stored by earlier versions.
                probe.Property(p => p.FormatName).HasColumnName("FormatName").IsRequired(false);
            });
        });

        modelBuilder.Entity<SnapshotJob>(job =>
        {
            job.HasKey(j => j.Id);
            job.HasIndex(j => new { j.VideoId, j.Status, j.CreationTime });
            // Two submits of one ReferenceId at once (two nodes, or two requests) store one job; see SubmitSnapshotJob.
            job.HasIndex(j => j.ReferenceId).IsUnique();
            job.Property(j => j.Status).HasConversion<string>();
            job.Property(j => j.Kind).HasConversion<string>();
            // Deleting a video removes its jobs and images with it.
            job.HasOne<Video>().WithMany().HasForeignKey(j => j.VideoId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<SnapshotImage>(image =>
        {
            image.HasKey(i => i.Id);
            image.HasIndex(i => new { i.JobId, i.Type, i.Index }).IsUnique();
            image.HasOne<SnapshotJob>().WithMany().HasForeignKey(i => i.JobId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<VodTemplate>(template =>
        {
            template.HasKey(t => t.Id);
            template.HasIndex(t => new { t.AppId, t.TemplateType, t.CreationTime });
        });

        modelBuilder.Entity<SeedRecord>().HasKey(r => r.Name);

        modelBuilder.Entity<CallbackDelivery>(delivery =>
        {
            delivery.HasKey(d => d.Id);
            delivery.HasIndex(d => new { d.JobId, d.CreationTime });
            delivery.HasIndex(d => d.Status);
            // Every write of a round is guarded by its lease (Features/Callbacks/DeliveryLeases).
            delivery.Property(d => d.LeaseOwner).IsConcurrencyToken();
            delivery.Property(d => d.Status).HasConversion<string>();
            // One short column in the fault syntax (drop/reject, optionally :N), read back into the typed value.
            delivery.Property(d => d.Fault).HasConversion(
                fault => fault == null ? null : fault.ToString(),
                text => text == null ? null : FaultSpec.ParseCallback(text, nameof(CallbackDelivery.Fault)));
            // The log goes with its job: deleting a video removes its jobs and their deliveries.
            delivery.HasOne<SnapshotJob>().WithMany().HasForeignKey(d => d.JobId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<SignatureNonce>(nonce =>
        {
            nonce.HasKey(n => n.Key);
            nonce.HasIndex(n => n.ExpiresAtTicks);
        });

        modelBuilder.Entity<MessageCallbackConfig>().HasKey(c => c.AppId);

        modelBuilder.Entity<CallbackAttempt>(attempt =>
        {
            attempt.HasKey(a => a.Id);
            attempt.HasIndex(a => new { a.DeliveryId, a.Number }).IsUnique();
            attempt.HasOne<CallbackDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        });

        // Upload grants, credentials, multipart uploads and media events (Features/Uploads).
        modelBuilder.ConfigureUploads();
        modelBuilder.ConfigureUrlUploads();
    }

    private static readonly ValueConverter<TimeSpan, double> Seconds = new(t => t.TotalSeconds, s => TimeSpan.FromSeconds(s));

    private static readonly ValueConverter<TimeSpan?, double?> OptionalSeconds = new(
        t => t.HasValue ? t.Value.TotalSeconds : null,
        s => s.HasValue ? TimeSpan.FromSeconds(s.Value) : null);
}
