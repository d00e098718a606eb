using Microsoft.Extensions.Options;
using VodSnapshot.Api.Storage;

namespace VodSnapshot.Tests.Storage;

/// <summary>The image layout's one owner: publication, served routes and deletion, on a real folder.</summary>
public sealed class SnapshotStoreTests : IDisposable
{
    private static readonly string VideoId = new('b', 32);
    private static readonly string JobId = new('a', 32);

    private readonly string _root = Directory.CreateTempSubdirectory("vodsnapshot-store-").FullName;
    private readonly SnapshotStore _store;

    public SnapshotStoreTests() => _store = new SnapshotStore(Options.Create(new StorageOptions { Root = _root }));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Published_outputs_are_served_at_their_routes_with_their_content_type()
    {
        var work = _store.NewWorkFolder(VideoId, JobId);
        var jpg = Write(work, "a.jpg");
        var vtt = Write(work, "t.vtt");

        _store.Publish(
        [
            (jpg, SnapshotStore.RelativePath(VideoId, JobId, "NormalSnapshot", 1)),
            (vtt, SnapshotStore.RelativePath(VideoId, JobId, "WebVttSnapshot", 1, ".vtt")),
        ]);

        Assert.Equal("image/jpeg", _store.Find(VideoId, "normal", $"{JobId}-00001.jpg")?.ContentType);
        Assert.Equal("text/vtt; charset=utf-8", _store.Find(VideoId, "webvtt", $"{JobId}-00001.vtt")?.ContentType);
        Assert.False(File.Exists(jpg));
    }

    [Fact]
    public void Nothing_is_published_when_one_output_is_missing_or_empty()
    {
        var work = _store.NewWorkFolder(VideoId, JobId);
        var written = Write(work, "a.jpg");
        var empty = Path.Combine(work, "b.jpg");
        File.WriteAllBytes(empty, []);

        Assert.Throws<MissingOutputException>(() => _store.Publish(
        [
            (written, SnapshotStore.RelativePath(VideoId, JobId, "NormalSnapshot", 1)),
            (empty, SnapshotStore.RelativePath(VideoId, JobId, "NormalSnapshot", 2)),
        ]));

        Assert.True(File.Exists(written));
        Assert.Null(_store.Find(VideoId, "normal", $"{JobId}-00001.jpg"));
    }

    [Theory]
    [InlineData("normal", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-00001.png")]
    [InlineData("other", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-00001.jpg")]
    [InlineData("normal", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-00001.jpg")]
    [InlineData("normal", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-1.jpg")]
    [InlineData("normal", "..%2F..%2Fvod.db")]
    public void Only_names_the_service_writes_match_a_route(string kind, string name)
    {
        var work = _store.NewWorkFolder(VideoId, JobId);
        _store.Publish([(Write(work, "a.jpg"), SnapshotStore.RelativePath(VideoId, JobId, "NormalSnapshot", 1))]);

        Assert.Null(_store.Find(VideoId, kind, name));
    }

    [Fact]
    public void Deleting_a_video_removes_its_outputs_and_work_folders_only()
    {
        var other = new string('c', 32);
        _store.Publish([(Write(_store.NewWorkFolder(VideoId, JobId), "a.jpg"), SnapshotStore.RelativePath(VideoId, JobId, "NormalSnapshot", 1))]);
        _store.Publish([(Write(_store.NewWorkFolder(other, JobId), "a.jpg"), SnapshotStore.RelativePath(other, JobId, "NormalSnapshot", 1))]);
        _store.NewWorkFolder(VideoId, new string('d', 32));

        _store.DeleteVideo(VideoId);

        Assert.False(Directory.Exists(Path.Combine(_root, "snapshots", VideoId)));
        Assert.NotNull(_store.Find(other, "normal", $"{JobId}-00001.jpg"));
    }

    private static string Write(string folder, string name)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, [1, 2, 3]);
        return path;
    }
}
