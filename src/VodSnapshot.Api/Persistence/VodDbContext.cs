using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace VodSnapshot.Api.Persistence;

/// <summary>SQLite is the source of truth for videos, jobs, images and templates; everything else can be rebuilt from it.</summary>
public sealed class VodDbContext(DbContextOptions<VodDbContext> options) : DbContext(options)
{
    public DbSet<Video> Videos => Set<Video>();

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
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        t => t.UtcTicks,
        t => new DateTimeOffset(t, TimeSpan.Zero));
}
