namespace VodSnapshot.Tests.TestSupport;

/// <summary>
/// A real, small file system: a size-limited tmpfs mounted on a fresh folder (needs root). Disposing unmounts it in
/// every case (lazily when something still holds a file there) and removes the folder.
/// </summary>
public sealed class SmallFileSystem : IAsyncDisposable
{
    private SmallFileSystem(string path) => Path = path;

    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="megabytes"/> MiB, or answers why it cannot (not root, no mount).</summary>
    public static async Task<(SmallFileSystem? FileSystem, string? Reason)> TryMountAsync(int megabytes, CancellationToken ct)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return (null, "Mounting a small file system needs root on Linux; the full-disk tests run as root (as in CI).");
        }

        var path = Directory.CreateTempSubdirectory("vodsnapshot-small-fs-").FullName;
        var mounted = await ChildProcess.RunAsync("mount", ["-t", "tmpfs", "-o", $"size={megabytes}m,mode=0755", "tmpfs", path], TimeSpan.FromSeconds(20), ct);
        if (mounted.ExitCode != 0)
        {
            Directory.Delete(path);
            return (null, "mount -t tmpfs failed: " + mounted.Stderr.Trim());
        }

        return (new SmallFileSystem(path), null);
    }

    /// <summary>Fills the file system with one file until nothing more fits; answers its path.</summary>
    public string Fill()
    {
        var filler = System.IO.Path.Combine(Path, "filler.bin");
        var chunk = new byte[64 * 1024];
        using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.None);
        try
        {
            while (true)
            {
                stream.Write(chunk);
            }
        }
        catch (IOException)
        {
            // Full; now the last few pages, a little at a time.
        }

        try
        {
            while (true)
            {
                stream.Write(chunk.AsSpan(0, 512));
            }
        }
        catch (IOException)
        {
            return filler;
        }
    }

    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    public async ValueTask DisposeAsync()
    {
        var unmounted = await ChildProcess.RunAsync("umount", [Path], TimeSpan.FromSeconds(20), CancellationToken.None);
        if (unmounted.ExitCode != 0)
        {
            await ChildProcess.RunAsync("umount", ["-l", Path], TimeSpan.FromSeconds(20), CancellationToken.None);
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A lazily unmounted folder goes once its last user lets go.
        }
    }
}
