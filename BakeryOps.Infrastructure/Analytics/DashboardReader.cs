using BakeryOps.Domain.Dispatch;
using BakeryOps.Domain.Reconciliation;
using BakeryOps.Domain.Sync;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Dispatch;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Lake.Catalog;
using BakeryOps.Infrastructure.Lake.Outbox;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Reconciliation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Analytics;

/// <summary>
/// The home page's dashboard: one <see cref="DashboardSnapshot"/> of a facility from counts and grouped queries (the
/// database counts; no table is loaded), and today's usage and waste through the pivot engine.
/// </summary>
public sealed class DashboardReader(
    IDbContextFactory<BakeryOpsDbContext> contexts,
    SyncRunCatalog runs,
    LakeCatalog lake,
    PivotService pivots,
    IOptions<SiteOptions> site,
    IOptions<DispatchOptions> dispatchOptions,
    IOptions<LakeOutboxOptions> lakeOptions,
    TimeProvider clock)
{
    /// <summary>The largest variances the reconciliation tile lists.</summary>
    public const int LargestVariances = 5;

    /// <summary>The facility's snapshot, of <c>Site:DefaultFacilityId</c> when <paramref name="facilityId"/> is null.</summary>
    public async Task<DashboardSnapshot> ReadAsync(string? facilityId, CancellationToken cancellationToken)
    {
        var id = facilityId ?? site.Value.DefaultFacilityId;
        var readAt = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var facility = await db.Facilities.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, cancellationToken);
        var reconciliation = await ReconciliationAsync(db, id, cancellationToken);
        var quarantine = await QuarantineAsync(db, id, cancellationToken);
        var dispatch = facility is { JdeBusinessUnit: not null, JdeLinkedAt: { } linkedAt }
            ? await DispatchAsync(db, id, linkedAt, cancellationToken)
            : DispatchGlance.NotLinked;
        var jobs = await runs.ListJobsAsync(cancellationToken);
        var datasets = await lake.ListFreshnessAsync(cancellationToken);
        return new DashboardSnapshot(id, facility?.Name ?? id, readAt, reconciliation, jobs, quarantine, dispatch,
            new LakeGlance(datasets, TimeSpan.FromSeconds(lakeOptions.Value.IntervalSeconds)));
    }

    /// <summary>Today's usage and waste by category in <paramref name="timeZone"/>'s today (an IANA id).</summary>
    /// <exception cref="Domain.Errors.RequestValidationException">The pivot engine refused the spec.</exception>
    public async Task<UsageToday> ReadUsageTodayAsync(string? facilityId, string timeZone, CancellationToken cancellationToken)
    {
        var result = await pivots.RunAsync(UsageToday.Spec(facilityId ?? site.Value.DefaultFacilityId, timeZone), cancellationToken);
        return UsageToday.From(result);
    }

    private static async Task<ReconciliationGlance?> ReconciliationAsync(BakeryOpsDbContext db, string facilityId, CancellationToken cancellationToken)
    {
        var run = await db.ReconciliationRuns.AsNoTracking().Where(r => r.FacilityId == facilityId)
            .OrderByDescending(r => r.ComputedAt).ThenByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        if (run is null)
        {
            return null;
        }

        // The largest surplus and the largest shortfall, each by the variance's own order (an ORDER BY on the column,
        // as both databases index and compare it), then the largest of those by size.
        var lines = db.ReconciliationRows.AsNoTracking()
            .Where(r => r.RunId == run.Id && r.Status != ReconciliationStatus.Match && r.Variance != null);
        var surplus = await lines.Where(r => r.Variance > 0).OrderByDescending(r => r.Variance).ThenBy(r => r.Line)
            .Take(LargestVariances).ToListAsync(cancellationToken);
        var shortfall = await lines.Where(r => r.Variance < 0).OrderBy(r => r.Variance).ThenBy(r => r.Line)
            .Take(LargestVariances).ToListAsync(cancellationToken);
        var largest = surplus.Concat(shortfall)
            .OrderByDescending(r => Math.Abs(r.Variance!.Value)).ThenBy(r => r.Line)
            .Take(LargestVariances)
            .Select(r => new VarianceLine(r.ProductId, r.ProductName, r.Lot, ReconciliationCodes.Of(r.Status), r.Unit, r.JdeQuantity, r.BakeryQuantity, r.Variance!.Value))
            .ToList();
        return new ReconciliationGlance(run.Id, run.ComputedAt, run.Rows, run.Matches, run.Variances, run.MissingInBakery, run.MissingInJde,
            run.Unmapped, run.LedgerDrifts, largest);
    }

    private static async Task<QuarantineGlance> QuarantineAsync(BakeryOpsDbContext db, string facilityId, CancellationToken cancellationToken)
    {
        var open = await db.SyncQuarantine.AsNoTracking()
            .Where(q => q.FacilityId == facilityId && q.ResolvedAt == null)
            .GroupBy(q => q.Reason)
            .Select(g => new { Reason = g.Key, Rows = g.Count(), OldestAt = g.Min(q => q.CreatedAt) })
            .ToListAsync(cancellationToken);
        return new QuarantineGlance(
            open.Sum(g => g.Rows),
            open.OrderBy(g => g.Reason.Code(), StringComparer.Ordinal).ToDictionary(g => g.Reason.Code(), g => g.Rows, StringComparer.Ordinal),
            open.Count == 0 ? null : open.Min(g => g.OldestAt));
    }

    private async Task<DispatchGlance> DispatchAsync(BakeryOpsDbContext db, string facilityId, DateTimeOffset linkedAt, CancellationToken cancellationToken)
    {
        var states = await db.JdeDispatches.AsNoTracking()
            .Where(d => d.FacilityId == facilityId)
            .GroupBy(d => d.State)
            .Select(g => new { State = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.State, g => g.Count, cancellationToken);
        var unplanned = await DispatchPlanner.Unplanned(db, facilityId, linkedAt, dispatchOptions.Value.PostedTypes()).CountAsync(cancellationToken);
        return new DispatchGlance(true, unplanned, states.GetValueOrDefault(DispatchState.Pending), states.GetValueOrDefault(DispatchState.Approved),
            states.GetValueOrDefault(DispatchState.Sending), states.GetValueOrDefault(DispatchState.Posted), states.GetValueOrDefault(DispatchState.Failed));
    }
}
