using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Security;

/// <summary>
/// Signature nonces in the database, so that every node refuses a request another node has accepted. One statement
/// decides: it inserts the nonce, or takes over a row whose time is up; when neither happens, the nonce is in use.
/// Rows past their time are deleted at most once a minute.
/// </summary>
public sealed class SharedNonceTable(IServiceScopeFactory scopes, TimeProvider clock) : INonceStore
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);
    private long _nextSweepTicks;

    public async ValueTask<NonceUse> TryUseAsync(string accessKeyId, string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var key = NonceRegistry.Digest(accessKeyId, nonce).ToString("x32", System.Globalization.CultureInfo.InvariantCulture);
        var now = clock.GetUtcNow().UtcTicks;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VodDbContext>();
        var recorded = await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO "SignatureNonces" ("Key", "ExpiresAtTicks") VALUES ({key}, {expiresAt.UtcTicks})
            ON CONFLICT ("Key") DO UPDATE SET "ExpiresAtTicks" = excluded."ExpiresAtTicks" WHERE "SignatureNonces"."ExpiresAtTicks" <= {now}
            """,
            cancellationToken);
        var next = Interlocked.Read(ref _nextSweepTicks);
        if (now >= next && Interlocked.CompareExchange(ref _nextSweepTicks, now + SweepInterval.Ticks, next) == next)
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"""DELETE FROM "SignatureNonces" WHERE "ExpiresAtTicks" <= {now}""", CancellationToken.None);
        }

        return recorded == 1 ? NonceUse.Accepted : NonceUse.Replayed;
    }
}
