using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Sync;
using BakeryOps.Infrastructure.Lake.Outbox;
using BakeryOps.Infrastructure.Persistence;

namespace BakeryOps.Infrastructure.Sync;

/// <summary>
/// Writes a window's new movements and mirror rows in bulk inside the window's transaction. PostgreSQL: binary COPY
/// straight into the tables, with the movements' lake outbox rows beside them (COPY bypasses the outbox interceptor).
/// SQLite: added to the context and saved with the window in batched INSERTs, the interceptor queuing the outbox rows.
/// </summary>
/// <remarks>
/// No staging table: duplicates were sorted out before (the mirror is read under the facility's lease), so each row is
/// new; should a second writer slip in anyway, the mirror's key and the movements' unique ledger key fail the whole
/// window instead of doubling a row.
/// </remarks>
internal static class CardexWindowWriter
{
    public static async Task AddAsync(
        BakeryOpsDbContext db, IReadOnlyList<Movement> movements, IReadOnlyList<JdeCardexEntry> newEntries, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (db.Provider != DatabaseProvider.Postgres)
        {
            db.Movements.AddRange(movements);
            db.JdeCardex.AddRange(newEntries);
            return;
        }

        // Movements first: mirror rows point at them.
        await PostgresBinaryCopy.InsertAsync(db, movements, cancellationToken);
        await PostgresBinaryCopy.InsertAsync(
            db, movements.Select(m => BakeryOpsLakeDatasets.Movements.Entry(BakeryOpsMovementRecord.Of(m), now)).ToList(), cancellationToken);
        await PostgresBinaryCopy.InsertAsync(db, newEntries, cancellationToken);
    }
}
