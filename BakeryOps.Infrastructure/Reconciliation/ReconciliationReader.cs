using BakeryOps.Domain.Dispatch;
using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Reconciliation;
using BakeryOps.Domain.Sync;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BakeryOps.Infrastructure.Reconciliation;

/// <summary>
/// Reads what a reconciliation compares with grouped queries, so the database sums ledger rows and balances and only
/// one figure per item, lot and unit crosses the wire; products and batches are read as they are (one row each).
/// </summary>
internal static class ReconciliationReader
{
    /// <summary>What counts as a bakery movement in flight: the posted types, and the source JD Edwards' figure comes from.</summary>
    public sealed record InFlightRule(IReadOnlyList<MovementType> PostedTypes, BalanceSource Source, DateTimeOffset? BalancePulledAt);

    /// <summary>
    /// For the live view: the bakery's side, JD Edwards' balance and the mirrored ledger's sums (by far the largest
    /// query, only the drift check needs it) are read at once on three connections, so a report costs about its
    /// largest read rather than their sum. Not one snapshot: a change committed meanwhile shows at the next refresh,
    /// which every change triggers.
    /// </summary>
    public static async Task<ReconciliationInputs> ReadLiveAsync(
        IDbContextFactory<BakeryOpsDbContext> contexts, Facility facility, BalanceSource source, InFlightRule inFlightRule, CancellationToken cancellationToken)
    {
        var bakery = OnOwnContextAsync(contexts, async db => (await BakeryAsync(db, facility.Id, cancellationToken), await BakeryInFlightAsync(db, facility, inFlightRule, null, cancellationToken)), cancellationToken);
        var jde = OnOwnContextAsync(contexts, db => JdeAsync(db, facility.Id, source, null, cancellationToken), cancellationToken);
        var ledger = OnOwnContextAsync(contexts, db => LedgerAsync(db, facility.Id, null, cancellationToken), cancellationToken);

        // Every read ends before this returns or throws: none is left running on a connection going back to the pool.
        await Task.WhenAll(bakery, jde, ledger);
        var (((products, batches), bakeryInFlight), (balance, inFlight, openings)) = (bakery.Result, jde.Result);
        var names = await OnOwnContextAsync(contexts, db => NamesAsync(db, facility.Id, products, balance, ledger.Result, inFlight, cancellationToken), cancellationToken);
        return new ReconciliationInputs(facility, source, products, batches, balance, ledger.Result, openings, inFlight, names, bakeryInFlight);
    }

    /// <summary>Everything read on <paramref name="db"/>, in its transaction (the snapshot a stored reconciliation needs).</summary>
    public static async Task<ReconciliationInputs> ReadAsync(
        BakeryOpsDbContext db, Facility facility, BalanceSource source, InFlightRule inFlightRule, CancellationToken cancellationToken)
    {
        var (products, batches) = await BakeryAsync(db, facility.Id, cancellationToken);
        var bakeryInFlight = await BakeryInFlightAsync(db, facility, inFlightRule, null, cancellationToken);
        var (balance, inFlight, openings) = await JdeAsync(db, facility.Id, source, null, cancellationToken);
        var ledger = await LedgerAsync(db, facility.Id, null, cancellationToken);
        var names = await NamesAsync(db, facility.Id, products, balance, ledger, inFlight, cancellationToken);
        return new ReconciliationInputs(facility, source, products, batches, balance, ledger, openings, inFlight, names, bakeryInFlight);
    }

    /// <summary>
    /// What the lines of <paramref name="products"/> alone need: their batches and movements in flight, and only the JD
    /// Edwards figures they claim (<paramref name="claims"/> indexes every product of the facility, so an item another
    /// product claims stays out). The database narrows by the products' item numbers first; the claim is settled here.
    /// </summary>
    public static async Task<ReconciliationInputs> ReadForProductsAsync(
        BakeryOpsDbContext db, Facility facility, BalanceSource source, InFlightRule inFlightRule, IReadOnlyList<Product> products, ProductIndex claims,
        CancellationToken cancellationToken)
    {
        var ids = products.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var items = ItemNumbers.Of(products);
        var idList = ids.ToList();
        var batches = await db.Batches.AsNoTracking().Where(b => b.FacilityId == facility.Id && idList.Contains(b.ProductId))
            .Select(b => new BatchStock(b.ProductId, b.BatchNumber, b.QuantityOnHand)).ToListAsync(cancellationToken);
        var bakeryInFlight = await BakeryInFlightAsync(db, facility, inFlightRule, idList, cancellationToken);
        var (balance, inFlight, _) = await JdeAsync(db, facility.Id, source, items, cancellationToken);
        var ledger = await LedgerAsync(db, facility.Id, items, cancellationToken);

        bool Claimed(JdeQuantity q) => claims.Find(q.ShortItemNumber, q.SecondItemNumber) is { } owner && ids.Contains(owner.Id);
        (balance, ledger, inFlight) = (balance.FindAll(Claimed), ledger.FindAll(Claimed), inFlight.FindAll(Claimed));
        var claimed = balance.Concat(ledger).Concat(inFlight).Select(q => q.ShortItemNumber).Distinct().ToList();
        var openings = await db.LedgerOpenings.AsNoTracking().Where(o => o.FacilityId == facility.Id && claimed.Contains(o.ShortItemNumber))
            .ToListAsync(cancellationToken);
        return new ReconciliationInputs(facility, source, products, batches, balance, ledger, openings, inFlight, new Dictionary<int, string>(), bakeryInFlight);
    }

    /// <summary>
    /// Bakery movements on their way to JD Edwards, per product and batch: movements of a posted type since the
    /// facility's link whose posting is not rejected and not yet in JD Edwards' figure. Against the balance of record
    /// that is a posting not posted by the time the balance was read; against the mirrored ledger's sum, one the sync
    /// has not seen come back (confirmed).
    /// </summary>
    private static async Task<List<BakeryQuantity>> BakeryInFlightAsync(
        BakeryOpsDbContext db, Facility facility, InFlightRule rule, List<string>? productIds, CancellationToken cancellationToken)
    {
        if (facility.JdeLinkedAt is not { } linkedAt || rule.PostedTypes.Count == 0)
        {
            return [];
        }

        var types = rule.PostedTypes;
        var pulledAt = rule.BalancePulledAt;
        var bakery = db.Movements.AsNoTracking()
            .Where(m => m.FacilityId == facility.Id && m.Source == MovementSource.Bakery && types.Contains(m.Type) && m.AdjustmentDate >= linkedAt);
        if (productIds is not null)
        {
            bakery = bakery.Where(m => productIds.Contains(m.ProductId));
        }

        var movements =
            from m in bakery
            join d in db.JdeDispatches.AsNoTracking() on m.Id equals d.MovementId into postings
            from d in postings.DefaultIfEmpty()
            select new { m.ProductId, m.BatchNumber, m.InventoryQuantity, Posting = d };
        movements = rule.Source == BalanceSource.ItemBalance
            ? pulledAt is { } read
                ? movements.Where(x => x.Posting == null || (x.Posting.State != DispatchState.Rejected && (x.Posting.PostedAt == null || x.Posting.PostedAt > read)))
                : movements.Where(x => x.Posting == null || x.Posting.State != DispatchState.Rejected)
            : movements.Where(x => x.Posting == null || (x.Posting.State != DispatchState.Rejected && x.Posting.State != DispatchState.Confirmed));
        return await movements
            .GroupBy(x => new { x.ProductId, Lot = x.BatchNumber ?? "" })
            .Select(g => new BakeryQuantity(g.Key.ProductId, g.Key.Lot, g.Sum(x => x.InventoryQuantity)))
            .ToListAsync(cancellationToken);
    }

    private static async Task<T> OnOwnContextAsync<T>(
        IDbContextFactory<BakeryOpsDbContext> contexts, Func<BakeryOpsDbContext, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await read(db);
    }

    private static async Task<(List<Product> Products, List<BatchStock> Batches)> BakeryAsync(
        BakeryOpsDbContext db, string facilityId, CancellationToken cancellationToken)
    {
        var products = await db.Products.AsNoTracking().Where(p => p.FacilityId == facilityId).ToListAsync(cancellationToken);
        var batches = await db.Batches.AsNoTracking().Where(b => b.FacilityId == facilityId)
            .Select(b => new BatchStock(b.ProductId, b.BatchNumber, b.QuantityOnHand)).ToListAsync(cancellationToken);
        return (products, batches);
    }

    private static async Task<(List<JdeQuantity> Balance, List<JdeQuantity> InFlight, List<LedgerOpening> Openings)> JdeAsync(
        BakeryOpsDbContext db, string facilityId, BalanceSource source, ItemNumbers? items, CancellationToken cancellationToken)
    {
        var balances = db.JdeItemBalances.AsNoTracking().Where(b => b.FacilityId == facilityId);
        var quarantined =
            from q in db.SyncQuarantine.AsNoTracking()
            where q.FacilityId == facilityId && q.ResolvedAt == null
            join e in db.JdeCardex.AsNoTracking() on new { q.FacilityId, q.Ukid } equals new { e.FacilityId, e.Ukid }
            select e;
        if (items is not null)
        {
            balances = balances.Where(b => items.Short.Contains(b.ShortItemNumber) || items.Second.Contains(b.SecondItemNumber.Trim().ToUpper()));
            quarantined = quarantined.Where(e => items.Short.Contains(e.ShortItemNumber) || items.Second.Contains(e.SecondItemNumber.Trim().ToUpper()));
        }

        var balance = source == BalanceSource.ItemBalance
            ? await balances
                .GroupBy(b => new { b.ShortItemNumber, b.SecondItemNumber, b.Lot, b.Unit })
                .Select(g => new JdeQuantity(g.Key.ShortItemNumber, g.Key.SecondItemNumber, g.Key.Lot, g.Key.Unit, g.Sum(b => b.OnHand), g.Count()))
                .ToListAsync(cancellationToken)
            : [];
        var inFlight = await quarantined
            .GroupBy(e => new { e.ShortItemNumber, e.SecondItemNumber, e.Lot, e.Unit })
            .Select(g => new JdeQuantity(g.Key.ShortItemNumber, g.Key.SecondItemNumber, g.Key.Lot, g.Key.Unit, g.Sum(e => e.Quantity), g.Count()))
            .ToListAsync(cancellationToken);
        var openings = items is null ? await db.LedgerOpenings.AsNoTracking().Where(o => o.FacilityId == facilityId).ToListAsync(cancellationToken) : [];
        return (balance, inFlight, openings);
    }

    private static Task<List<JdeQuantity>> LedgerAsync(BakeryOpsDbContext db, string facilityId, ItemNumbers? items, CancellationToken cancellationToken)
    {
        var ledger = db.JdeCardex.AsNoTracking().Where(e => e.FacilityId == facilityId);
        if (items is not null)
        {
            ledger = ledger.Where(e => items.Short.Contains(e.ShortItemNumber) || items.Second.Contains(e.SecondItemNumber.Trim().ToUpper()));
        }

        return ledger
            .GroupBy(e => new { e.ShortItemNumber, e.SecondItemNumber, e.Lot, e.Unit })
            .Select(g => new JdeQuantity(g.Key.ShortItemNumber, g.Key.SecondItemNumber, g.Key.Lot, g.Key.Unit, g.Sum(e => e.Quantity), g.Count()))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The JD Edwards item numbers some products are linked to, as the database compares them: the 2nd item number
    /// trimmed and upper-cased (JD Edwards pads it; a product's link ignores case). A superset of what the products
    /// claim: <see cref="ProductIndex"/> settles which product an item belongs to.
    /// </summary>
    private sealed record ItemNumbers(List<int> Short, List<string> Second)
    {
        public static ItemNumbers Of(IEnumerable<Product> products)
        {
            var list = products.ToList();
            return new(
                [.. list.Select(p => p.JdeShortItemNumber).OfType<int>().Distinct()],
                [.. list.Where(p => !string.IsNullOrWhiteSpace(p.JdeSecondItemNumber)).Select(p => p.JdeSecondItemNumber!.Trim().ToUpperInvariant()).Distinct()]);
        }
    }

    /// <summary>
    /// Names from the item master for the JD Edwards items no product is linked to (only their lines need one), so the
    /// query names a handful of items, not every item of the branch.
    /// </summary>
    private static async Task<IReadOnlyDictionary<int, string>> NamesAsync(
        BakeryOpsDbContext db, string facilityId, List<Product> products, List<JdeQuantity> balance, List<JdeQuantity> ledger,
        List<JdeQuantity> inFlight, CancellationToken cancellationToken)
    {
        var linked = products.Where(p => p.JdeShortItemNumber is not null).Select(p => p.JdeShortItemNumber!.Value).ToHashSet();
        var linkedSecond = products.Where(p => !string.IsNullOrWhiteSpace(p.JdeSecondItemNumber))
            .Select(p => p.JdeSecondItemNumber!.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var named = balance.Concat(ledger).Concat(inFlight)
            .Where(q => !linked.Contains(q.ShortItemNumber) && !linkedSecond.Contains(q.SecondItemNumber.Trim()))
            .Select(q => q.ShortItemNumber).Distinct().ToList();
        if (named.Count == 0)
        {
            return new Dictionary<int, string>();
        }

        var names = await db.JdeItemMaster.AsNoTracking()
            .Where(i => i.FacilityId == facilityId && named.Contains(i.ShortItemNumber))
            .Select(i => new { i.ShortItemNumber, i.Description })
            .ToListAsync(cancellationToken);
        return names.GroupBy(n => n.ShortItemNumber).ToDictionary(g => g.Key, g => g.First().Description.Trim());
    }
}
