using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace VodSnapshot.Api.Persistence.Sqlite;

/// <summary>
/// Lets SQLite itself wait for the write lock (its busy handler retries within a few milliseconds) on every connection
/// the context opens. Without it a write that meets another one gets SQLITE_BUSY at once, and Microsoft.Data.Sqlite
/// retries after a fixed 150 ms sleep of the calling thread: under concurrent writes that sleep was the tail of
/// SubmitSnapshotJob's latency (see bench/submit-load.sh). The wait is bounded like a command, by the connection's
/// DefaultTimeout.
/// </summary>
internal sealed class BusyTimeout : DbConnectionInterceptor
{
    public static readonly BusyTimeout Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection sqlite)
        {
            SQLitePCL.raw.sqlite3_busy_timeout(sqlite.Handle, sqlite.DefaultTimeout * 1000);
        }
    }
}
