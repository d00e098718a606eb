using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Persistence.Sqlite;

/// <summary>
/// SQLite-specific: columns added to existing tables between the first release and the first migration, each added (with
/// the value old rows get) to a database that lacks it, when a state folder of an earlier version is baselined
/// (<see cref="SchemaBaseline"/>). Frozen: a column added since is a migration's.
/// </summary>
public static class MissingColumns
{
    private static readonly (string Table, string Column, string Definition, string? Backfill)[] Added =
    [
        // Whether the probe found a video stream: earlier versions only registered such videos as anything but UploadFail.
        ("Videos", "HasVideo", "INTEGER NOT NULL DEFAULT 0", """UPDATE "Videos" SET "HasVideo" = 1 WHERE "Status" <> 'UploadFail'"""),
        // The registration's callback URL, read once: earlier versions read it from the stored UserData at each submit.
        ("Videos", "CallbackUrl", "TEXT NULL",
            """UPDATE "Videos" SET "CallbackUrl" = json_extract("UserData", '$.MessageCallback.CallbackURL') WHERE json_valid("UserData") AND json_type("UserData", '$.MessageCallback.CallbackURL') = 'text'"""),
        // Job leases: who runs a job, and until when (no holder for rows of earlier versions).
        ("SnapshotJobs", "LeaseOwner", "TEXT NULL", null),
        ("SnapshotJobs", "LeaseExpiresAt", "INTEGER NULL", null),
        ("CallbackDeliveries", "LeaseOwner", "TEXT NULL", null),
        ("CallbackDeliveries", "LeaseExpiresAt", "INTEGER NULL", null),
        // Why an event was not sent: earlier versions sent every event they had a URL for.
        ("CallbackDeliveries", "Reason", "TEXT NULL", """SELECT 1"""),
        // The traces work joins: earlier versions recorded none.
        ("SnapshotJobs", "TraceParent", "TEXT NULL", """SELECT 1"""),
        ("CallbackDeliveries", "TraceParent", "TEXT NULL", """SELECT 1"""),
        // Cover snapshot jobs: every job of an earlier version came from SubmitSnapshotJob.
        ("SnapshotJobs", "Kind", "TEXT NOT NULL DEFAULT 'Specified'", """SELECT 1"""),
        // Why a media event was not sent: earlier versions sent every media event they had a URL for.
        ("VideoEventDelivery", "Reason", "TEXT NULL", """SELECT 1"""),
        // The stored object's CRC-64: earlier versions answered no x-oss-hash-crc64ecma, so their objects have none.
        ("UploadGrant", "ObjectCrc64", "TEXT NULL", """SELECT 1"""),
        // User metadata (x-oss-meta-*): earlier versions kept none.
        ("UploadGrant", "ObjectMeta", "TEXT NULL", """SELECT 1"""),
        ("OssMultipartUpload", "Meta", "TEXT NULL", """SELECT 1"""),
        // How much the engine decoded, against the least it could have: earlier versions did not count.
        ("SnapshotJobs", "DecodedFrames", "INTEGER NULL", """SELECT 1"""),
        ("SnapshotJobs", "MinimumDecodedFrames", "INTEGER NULL", """SELECT 1"""),
    ];

    /// <summary>Adds the columns the database lacks; answers them as <c>Table.Column</c> (none for a current database).</summary>
    public static async Task<IReadOnlyList<string>> CreateMissingColumnsAsync(this VodDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var added = new List<string>();
        foreach (var (table, column, definition, backfill) in Added)
        {
            // Table and column names come from the list above, never from input.
            var query = "SELECT name AS Value FROM pragma_table_info('" + table + "')";
            var columns = await db.Database.SqlQueryRaw<string>(query).ToListAsync(ct);
            if (columns.Count == 0 || columns.Contains(column, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            var alter = "ALTER TABLE \"" + table + "\" ADD COLUMN \"" + column + "\" " + definition;
            await db.Database.ExecuteSqlRawAsync(alter, ct);
            if (backfill is not null)
            {
                await db.Database.ExecuteSqlRawAsync(backfill, ct);
            }

            added.Add($"{table}.{column}");
        }

        return added;
    }
}
