using Microsoft.EntityFrameworkCore;

namespace VodSnapshot.Api.Persistence;

/// <summary>Saving a one-time seed (its rows and its <see cref="SeedRecord"/>) once, when several nodes start together.</summary>
public static class SeedOnce
{
    /// <summary>
    /// Adds the record of seed <paramref name="name"/> and saves it with whatever the seed added to <paramref name="db"/>, in
    /// one transaction. True when this node saved it; false when another node starting on the same new database got
    /// there first (its keys refused this node's copy, and the seed is in once).
    /// </summary>
    /// <param name="scopes">For a fresh context to read the other node's record with.</param>
    public static async Task<bool> SaveAsync(VodDbContext db, IServiceScopeFactory scopes, string name, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scopes);
        db.SeedRecords.Add(new SeedRecord { Name = name, AppliedTime = now });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            await using var scope = scopes.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<VodDbContext>().SeedRecords.AnyAsync(r => r.Name == name, ct))
            {
                return false;
            }

            throw;
        }
    }
}
