using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Reconciliation;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BakeryOps.Infrastructure.Reconciliation;

/// <summary>
/// Reads what a reconciliation compares with grouped queries, so the database sums ledger rows and balances and only
/// one figure per item, lot and unit crosses the wire; products and batches are read as they are (one row each).
/// </summary>
internal static class ReconciliationReader
{
    /// <summary>
    /// Everything a reconciliation compares. With a <c>ledgerReader</c> (a second context) the mirrored ledger is summed
    /// on it while <c>db</c> reads the rest: it is the largest query by far, and only the drift check needs it. Without
    /// one, everything is read on <c>db</c>, in its transaction (a snapshot).
    /// </summary>
    public static async Task<ReconciliationInputs> ReadAsync(
        BakeryOpsDbContext db, Facility facility, BalanceSource source, CancellationToken cancellationToken, BakeryOpsDbContext? ledgerReader = null)
    {
        var ledgerSums = ledgerReader is null ? null : LedgerAsync(ledgerReader, facility.Id, cancellationToken);
        try
        {
            return await ReadAsync(db, facility, source, ledgerSums, cancellationToken);
        }
        finally
        {
            // Never leave the second query running on a context the caller is about to dispose; its own failure, if
            // the rest failed first, is not the one to report.
            if (ledgerSums is not null)
            {
                await ((Task)ledgerSums).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private static async Task<ReconciliationInputs> ReadAsync(
        BakeryOpsDbContext db, Facility facility, BalanceSource source, Task<List<JdeQuantity>>? ledgerSums, CancellationToken cancellationToken)
    {
        var facilityId = facility.Id;
        var products = await db.Products.AsNoTracking().Where(p => p.FacilityId == facilityId).ToListAsync(cancellationToken);
        var batches = await db.Batches.AsNoTracking().Where(b => b.FacilityId == facilityId)
            .Select(b => new BatchStock(b.ProductId, b.BatchNumber, b.QuantityOnHand)).ToListAsync(cancellationToken);
        var balance = source == BalanceSource.ItemBalance
            ? await db.JdeItemBalances.AsNoTracking().Where(b => b.FacilityId == facilityId)
                .GroupBy(b => new { b.ShortItemNumber, b.SecondItemNumber, b.Lot, b.Unit })
                .Select(g => new JdeQuantity(g.Key.ShortItemNumber, g.Key.SecondItemNumber, g.Key.Lot, g.Key.Unit, g.Sum(b => b.OnHand), g.Count()))
                .ToListAsync(cancellationToken)
            : [];
        var ledger = await (ledgerSums ?? LedgerAsync(db, facilityId, cancellationToken));
        var inFlight = await (
                from q in db.SyncQuarantine.AsNoTracking()
                where q.FacilityId == facilityId && q.ResolvedAt == null
                join e in db.JdeCardex.AsNoTracking() on new { q.FacilityId, q.Ukid } equals new { e.FacilityId, e.Ukid }
                group e by new { e.ShortItemNumber, e.SecondItemNumber, e.Lot, e.Unit } into g
                select new JdeQuantity(g.Key.ShortItemNumber, g.Key.SecondItemNumber, g.Key.Lot, g.Key.Unit, g.Sum(e => e.Quantity), g.Count()))
            .ToListAsync(cancellationToken);
        var openings = await db.LedgerOpenings.AsNoTracking().Where(o => o.FacilityId == facilityId).ToListAsync(cancellationToken);
        var named = balance.Concat(ledger).Concat(inFlight).Select(q => q.ShortItemNumber).Distinct().ToList();
        var names = await db.JdeItemMaster.AsNoTracking()
            .Where(i => i.FacilityId == facilityId && named.Contains(i.ShortItemNumber))
            .Select(i => new { i.ShortItemNumber, i.Description })
            .ToListAsync(cancellationToken);
        return new ReconciliationInputs(facility, source, products, batches, balance, ledger, openings, inFlight,
            names.GroupBy(n => n.ShortItemNumber).ToDictionary(g => g.Key, g => g.First().Description.Trim()));
    }

    private static Task<List<JdeQuantity>> LedgerAsync(BakeryOpsDbContext db, string facilityId, CancellationToken cancellationToken) =>
        db.JdeCardex.AsNoTracking().Where(e => e.FacilityId == facilityId)
            .GroupBy(e => new { e.ShortItemNumber, e.SecondItemNumber, e.Lot, e.Unit })
            .Select(g => new JdeQuantity(g.Key.ShortItemNumber, g.Key.SecondItemNumber, g.Key.Lot, g.Key.Unit, g.Sum(e => e.Quantity), g.Count()))
            .ToListAsync(cancellationToken);
}
