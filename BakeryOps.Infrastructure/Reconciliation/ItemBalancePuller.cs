using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Reconciliation;
using BakeryOps.Infrastructure.Jde.Client;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BakeryOps.Infrastructure.Reconciliation;

/// <summary>
/// Reads JD Edwards' item location balance (F41021) of a facility's branch and replaces the facility's stored balance
/// with it in one transaction, so a reconciliation never sees half of an old pull and half of a new one.
/// </summary>
public sealed class ItemBalancePuller(IDbContextFactory<BakeryOpsDbContext> contexts, JdeAisClient jde, TimeProvider clock)
{
    /// <summary>JD Edwards' balance when the AIS has the orchestration; the mirrored ledger's sum otherwise.</summary>
    public BalanceSource Source => jde.HasItemBalance ? BalanceSource.ItemBalance : BalanceSource.Ledger;

    public async Task<(DateTimeOffset PulledAt, int Rows)> PullAsync(Facility facility, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(facility);
        var pulledAt = clock.GetUtcNow();
        // F41021's key is item, branch, location and lot; rows that meet on it after trimming are added together.
        var rows = new Dictionary<(int, string, string), JdeItemBalance>();
        await foreach (var row in jde.StreamItemBalanceAsync(facility.JdeBusinessUnit!, null, cancellationToken))
        {
            var key = (row.ShortItemNumber, row.Location, row.Lot);
            var onHand = row.OnHand + (rows.TryGetValue(key, out var seen) ? seen.OnHand : 0m);
            rows[key] = new JdeItemBalance
            {
                FacilityId = facility.Id, ShortItemNumber = row.ShortItemNumber, SecondItemNumber = row.SecondItemNumber, Location = row.Location,
                Lot = row.Lot, OnHand = onHand, Unit = row.Unit, UpdatedDate = row.UpdatedDate, PulledAt = pulledAt,
            };
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.JdeItemBalances.Where(b => b.FacilityId == facility.Id).ExecuteDeleteAsync(cancellationToken);
        db.JdeItemBalances.AddRange(rows.Values);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(CancellationToken.None);
        return (pulledAt, rows.Count);
    }
}
