using Microsoft.Extensions.Options;
using VodSnapshot.Api.Storage;

namespace VodSnapshot.Api.Persistence.Sqlite;

/// <summary>
/// A SQLite state folder belongs to one process: <c>vod.db.lock</c> is held open with an exclusive lock (an OS file
/// lock, released when the process ends, however it ends) for as long as the service runs. A second process started on
/// the same folder cannot take it and stops with a message, instead of running the first one's jobs a second time.
/// </summary>
public sealed class StateFolderLock(IOptions<StorageOptions> options) : IDisposable
{
    private readonly Lock _gate = new();
    private FileStream? _held;

    public void Acquire()
    {
        lock (_gate)
        {
            if (_held is not null)
            {
                return;
            }

            var path = options.Value.DatabaseLockPath;
            // A service of the same process that is just stopping may release it a moment later: a short grace.
            var deadline = Environment.TickCount64 + 2000;
            while (true)
            {
                try
                {
                    // FileShare.None is an exclusive advisory lock on Unix (flock) and a share lock on Windows.
                    _held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    return;
                }
                catch (IOException) when (Environment.TickCount64 < deadline)
                {
                    Thread.Sleep(100);
                }
                catch (IOException e)
                {
                    throw new InvalidOperationException(
                        $"The state folder {options.Value.FullRoot} is in use by another VodSnapshot process (it holds {path}). " +
                        "Stop that process, or give this one its own Storage:Root; several nodes share state only on PostgreSQL (Storage:Provider=PostgreSql).", e);
                }
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _held?.Dispose();
            _held = null;
        }
    }
}
