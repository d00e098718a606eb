using VodSnapshot.Media.Extraction;

namespace VodSnapshot.Tests.Media;

/// <summary>The packet indexes kept between jobs: found under the file's identity and windows, gone when the file changes or room runs out.</summary>
public sealed class PacketIndexCacheTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("packet-cache-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void An_index_is_found_for_the_same_file_and_windows_only()
    {
        var file = NewFile("a.mp4", 100);
        var cache = new PacketIndexCache();
        var key = Key(file, "0%+2");
        cache.Keep(key, Index(10));

        Assert.Same(cache.Find(key), cache.Find(Key(file, "0%+2")));
        Assert.NotNull(cache.Find(key));
        Assert.Null(cache.Find(Key(file, "4%+2")));
        Assert.Null(cache.Find(Key(NewFile("b.mp4", 100), "0%+2")));
    }

    [Fact]
    public void A_file_written_again_is_read_again()
    {
        var file = NewFile("a.mp4", 100);
        var cache = new PacketIndexCache();
        cache.Keep(Key(file, null), Index(10));

        File.WriteAllBytes(file.FullName, new byte[100]);
        File.SetLastWriteTimeUtc(file.FullName, DateTime.UtcNow.AddMinutes(1));

        Assert.Null(cache.Find(Key(file, null)));
    }

    [Fact]
    public void A_missing_file_has_no_key()
    {
        Assert.Null(PacketIndexCache.Key.Of(new FileInfo(Path.Combine(_folder, "gone.mp4")), null));
    }

    [Fact]
    public void The_least_recently_used_go_first_within_the_count_and_the_packets()
    {
        var file = NewFile("a.mp4", 100);
        var cache = new PacketIndexCache(maxEntries: 2, maxPackets: 25);
        cache.Keep(Key(file, "1"), Index(10));
        cache.Keep(Key(file, "2"), Index(10));
        Assert.NotNull(cache.Find(Key(file, "1")));

        cache.Keep(Key(file, "3"), Index(10)); // three entries: "2" was used least lately
        Assert.Null(cache.Find(Key(file, "2")));
        Assert.NotNull(cache.Find(Key(file, "1")));

        cache.Keep(Key(file, "4"), Index(20)); // 40 packets: only the newest fits
        Assert.Null(cache.Find(Key(file, "1")));
        Assert.Null(cache.Find(Key(file, "3")));
        Assert.NotNull(cache.Find(Key(file, "4")));

        cache.Keep(Key(file, "5"), Index(30)); // larger than the whole cache: not kept, nothing evicted
        Assert.Null(cache.Find(Key(file, "5")));
        Assert.NotNull(cache.Find(Key(file, "4")));
    }

    private FileInfo NewFile(string name, int length)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, new byte[length]);
        return new FileInfo(path);
    }

    private static PacketIndexCache.Key Key(FileInfo file, string? intervals) => PacketIndexCache.Key.Of(file, intervals)!.Value;

    private static PacketIndex Index(int packets) =>
        PacketIndex.FromPackets(Enumerable.Range(0, packets).Select(i => ((string?)(i * 0.04).ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)(i % 50 == 0 ? "K_" : "__"))));
}
