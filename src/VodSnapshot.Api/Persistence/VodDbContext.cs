using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using VodSnapshot.Api.Features.Uploads;
using VodSnapshot.Api.Features.UrlUploads;

namespace VodSnapshot.Api.Persistence;

/// <summary>SQLite is the source of truth for videos, jobs, images, templates and callback deliveries; everything else can be rebuilt from it.</summary>
public sealed class VodDbContext(DbContextOptions<VodDbContext> options) : DbContext(options)
{
    public DbSet<Video> Videos => Set<Video>();

    public DbSet<SnapshotJob> SnapshotJobs => Set<SnapshotJob>();

    public DbSet<SnapshotImage> SnapshotImages => Set<SnapshotImage>();

    public DbSet<VodTemplate> VodTemplates => Set<VodTemplate>();

    public DbSet<SeedRecord> SeedRecords => Set<SeedRecord>();

    public DbSet<CallbackDelivery> CallbackDeliveries => Set<CallbackDelivery>();

    public DbSet<CallbackAttempt> CallbackAttempts => Set<CallbackAttempt>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset natively; UTC ticks keep ordering exact.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Video>(video =>
        {
            video.HasKey(v => v.Id);
            video.HasIndex(v => v.FileUrl).IsUnique();
        });

        modelBuilder.Entity<SnapshotJob>(job =>
        {
            job.HasKey(j => j.Id);
            job.HasIndex(j => new { j.VideoId, j.Status, j.CreationTime });
            job.Property(j => j.Status).HasConversion<string>();
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
            delivery.Property(d => d.Status).HasConversion<string>();
            // The log goes with its job: deleting a video removes its jobs and their deliveries.
            delivery.HasOne<SnapshotJob>().WithMany().HasForeignKey(d => d.JobId).OnDelete(DeleteBehavior.Cascade);
        });

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

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        t => t.UtcTicks,
        t => new DateTimeOffset(t, TimeSpan.Zero));
}
