using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BakeryOps.Infrastructure.Sync;

/// <summary>
/// Leases in <c>sync_leases</c>, taken and renewed by one statement each (an upsert that only takes a free, expired or
/// own lease), so two portal nodes never both hold one, on either database.
/// </summary>
public sealed class SyncLeases(IDbContextFactory<BakeryOpsDbContext> contexts, TimeProvider clock)
{
    /// <summary>Takes the lease for <paramref name="duration"/>, or renews it when the holder has it already; false when another holds it.</summary>
    public async Task<bool> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // SQLite keeps instants as UTC ticks (UtcTicksDateTimeOffsetConverter); raw SQL must send them the same way.
        object At(DateTimeOffset instant) => db.Provider == DatabaseProvider.Sqlite ? instant.UtcTicks : instant.ToUniversalTime();
        var taken = await db.Database.ExecuteSqlRawAsync(
            """
            INSERT INTO sync_leases (name, holder, acquired_at, expires_at) VALUES ({0}, {1}, {2}, {3})
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
            WHERE sync_leases.expires_at < {2} OR sync_leases.holder = {1}
            """,
            [name, holder, At(now), At(now + duration)], cancellationToken);
        return taken == 1;
    }

    /// <summary>Gives the lease back, if the holder still has it.</summary>
    public async Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.SyncLeases.Where(l => l.Name == name && l.Holder == holder).ExecuteDeleteAsync(cancellationToken);
    }
}
