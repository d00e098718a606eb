using System.Globalization;
using Microsoft.Extensions.Options;

namespace VodSnapshot.Api.Storage;

/// <summary>The free space of the state folder's file system against <c>Storage:MinFreeBytes</c>.</summary>
/// <param name="FreeBytes">Bytes this process may still write there.</param>
/// <param name="FloorBytes">The configured floor (0: no floor).</param>
public sealed record DiskState(long FreeBytes, long FloorBytes)
{
    public bool IsLow => FreeBytes < FloorBytes;

    /// <summary>Why new work is refused, for callers and the job's failure message; null while there is room.</summary>
    public string? Refusal => IsLow
        ? string.Create(CultureInfo.InvariantCulture, $"Free space in the storage folder is {Mib(FreeBytes)} MiB, below Storage:MinFreeBytes ({Mib(FloorBytes)} MiB); new snapshot jobs are refused until space is freed (DeleteVideo frees it).")
        : null;

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("0.#", CultureInfo.InvariantCulture);
}

/// <summary>Reads the state folder's free space on every call (statvfs), so a refusal or a health answer is never stale.</summary>
public sealed class DiskSpace(IOptions<StorageOptions> options)
{
    public DiskState Check()
    {
        var storage = options.Value;
        return new DiskState(new DriveInfo(storage.FullRoot).AvailableFreeSpace, storage.MinFreeBytes);
    }
}
