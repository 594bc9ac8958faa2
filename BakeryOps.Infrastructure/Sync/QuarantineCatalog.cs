using BakeryOps.Domain.Paging;
using BakeryOps.Domain.Sync;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BakeryOps.Infrastructure.Sync;

/// <summary>The quarantine as operators read it: open rows (or all), by facility and reason, oldest first.</summary>
public sealed class QuarantineCatalog(IDbContextFactory<BakeryOpsDbContext> contexts)
{
    public async Task<PagedResult<QuarantineView>> ListAsync(
        string? facilityId, QuarantineReason? reason, bool includeResolved, int offset, int size, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = db.SyncQuarantine.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(facilityId))
        {
            rows = rows.Where(q => q.FacilityId == facilityId);
        }

        if (reason is { } only)
        {
            rows = rows.Where(q => q.Reason == only);
        }

        if (!includeResolved)
        {
            rows = rows.Where(q => q.ResolvedAt == null);
        }

        var total = await rows.CountAsync(cancellationToken);
        var page = await rows.OrderBy(q => q.FacilityId).ThenBy(q => q.Ukid).Skip(offset).Take(size)
            .Join(db.JdeCardex.AsNoTracking(), q => new { q.FacilityId, q.Ukid }, e => new { e.FacilityId, e.Ukid }, (q, e) => new { q, e })
            .ToListAsync(cancellationToken);
        return new PagedResult<QuarantineView>(page.Select(x => new QuarantineView(
            x.q.Id, x.q.FacilityId, x.q.Ukid, x.q.Reason.Code(), x.q.Detail, x.e.ShortItemNumber, x.e.SecondItemNumber, x.e.DocumentType,
            x.e.DocumentNumber, x.e.TransactionDate, x.e.Quantity, x.e.Unit, x.e.Lot, x.e.Explanation, x.q.Attempts, x.q.CreatedAt, x.q.UpdatedAt,
            x.q.ResolvedAt)).ToList(), total);
    }
}
