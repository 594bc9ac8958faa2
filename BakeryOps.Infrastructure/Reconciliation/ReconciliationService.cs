using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Jobs;
using BakeryOps.Domain.Reconciliation;
using BakeryOps.Domain.Sync;
using BakeryOps.Infrastructure.Dispatch;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Lake.Writing;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Reconciliation;

/// <summary>
/// Compares a facility's bakery stock with JD Edwards' balance of record: live (JD Edwards as last pulled, the bakery
/// as it is now) for the pages and <c>/data/joined_df3</c>, or as a stored snapshot (the balance pulled again) after a
/// sync run and on the schedule, kept in <c>reconciliation_runs</c> and written to the lake.
/// </summary>
public sealed partial class ReconciliationService(
    IDbContextFactory<BakeryOpsDbContext> contexts,
    ItemBalancePuller balances,
    ILakeWriter lake,
    IOptions<ReconciliationOptions> options,
    IOptions<DispatchOptions> dispatch,
    TimeProvider clock,
    ILogger<ReconciliationService> logger)
{
    public const string Job = "reconciliation";

    /// <summary>Ledger rows and movements a drill-down shows, newest first.</summary>
    public const int DrillDownRows = 200;

    /// <summary>Earlier snapshots whose lake rows one snapshot writes late, at most.</summary>
    private const int MissedLakeRunsPerRun = 10;

    public async Task<ReconciliationReport> GetAsync(string facilityId, ReconciliationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ReconciliationStatus? status = null;
        if (!string.IsNullOrWhiteSpace(query.Status))
        {
            status = ReconciliationCodes.TryParseStatus(query.Status.Trim(), out var parsed)
                ? parsed
                : throw RequestValidationException.For("status", $"'{query.Status}' is not one of Match, Variance, Missing in bakery, Missing in JDE, Unmapped.");
        }

        var live = await LiveAsync(facilityId, cancellationToken);
        // The live view reads on several connections at once; a snapshot reads in one transaction instead.
        var inputs = await ReconciliationReader.ReadLiveAsync(contexts, live.Facility, live.Source, live.InFlightRule, cancellationToken);
        return Report(live, ReconciliationCalculator.Compute(inputs, options.Value.Tolerance, Guid.Empty, live.Now).Rows, query, status);
    }

    /// <summary>
    /// The first <paramref name="count"/> lines of the facility's report with lots and no filter, exactly as
    /// <see cref="GetAsync"/> gives them, without computing the others: the products first by name, and only the JD
    /// Edwards figures those claim. For a page's first screen, so <see cref="ReconciliationReport.Totals"/> is empty
    /// (only the whole report counts them).
    /// </summary>
    public async Task<ReconciliationReport> GetFirstLinesAsync(string facilityId, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var live = await LiveAsync(facilityId, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Of every product only what orders the lines and settles which product claims an item (archived, created,
        // id: see ProductIndex); whole products for the first few.
        var keys = await db.Products.AsNoTracking().Where(p => p.FacilityId == facilityId)
            .Select(p => new Product
            {
                Id = p.Id, FacilityId = p.FacilityId, ProductName = p.ProductName, InventoryUnit = p.InventoryUnit, Archived = p.Archived,
                JdeShortItemNumber = p.JdeShortItemNumber, JdeSecondItemNumber = p.JdeSecondItemNumber, CreatedAt = p.CreatedAt,
            })
            .ToListAsync(cancellationToken);
        var claims = new ProductIndex(keys);
        var ordered = ReconciliationCalculator.InReportOrder(keys).ToList();
        // Most products give a line or more; archived and empty ones give none, so a short take is widened and done again.
        for (var take = count; take < ordered.Count; take *= 4)
        {
            var first = ordered.Take(take).Select(p => p.Id).ToList();
            var products = await db.Products.AsNoTracking().Where(p => p.FacilityId == facilityId && first.Contains(p.Id))
                .ToDictionaryAsync(p => p.Id, StringComparer.Ordinal, cancellationToken);
            var inputs = await ReconciliationReader.ReadForProductsAsync(
                db, live.Facility, live.Source, live.InFlightRule, [.. keys.Where(k => products.ContainsKey(k.Id)).Select(k => products[k.Id])], claims,
                cancellationToken);
            var rows = ReconciliationCalculator.Compute(inputs, options.Value.Tolerance, Guid.Empty, live.Now).Rows;
            if (rows.Count >= count)
            {
                return Report(live, [.. rows.Take(count)], new ReconciliationQuery(), status: null) with { Totals = new Dictionary<string, int>(), LedgerDrifts = 0 };
            }
        }

        // Few products: the lines of JD Edwards items without a product may be among the first, so everything is read.
        var all = await ReconciliationReader.ReadLiveAsync(contexts, live.Facility, live.Source, live.InFlightRule, cancellationToken);
        var lines = ReconciliationCalculator.Compute(all, options.Value.Tolerance, Guid.Empty, live.Now).Rows;
        return Report(live, [.. lines.Take(count)], new ReconciliationQuery(), status: null) with { Totals = new Dictionary<string, int>(), LedgerDrifts = 0 };
    }

    private async Task<LiveView> LiveAsync(string facilityId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var facility = await FindFacilityAsync(db, facilityId, cancellationToken);
        if (string.IsNullOrWhiteSpace(facility.JdeBusinessUnit))
        {
            throw new ConflictException($"Facility {facilityId} is not linked to a JD Edwards branch/plant, so there is nothing to compare its stock with.");
        }

        var source = balances.Source;
        var pulledAt = await db.JdeItemBalances.AsNoTracking().Where(b => b.FacilityId == facilityId)
            .MaxAsync(b => (DateTimeOffset?)b.PulledAt, cancellationToken);
        var lastSync = await LastSyncAsync(db, facilityId, cancellationToken);
        return new LiveView(facility, source, pulledAt, lastSync, clock.GetUtcNow(), new(dispatch.Value.PostedTypes(), source, pulledAt));
    }

    private ReconciliationReport Report(LiveView live, IReadOnlyList<ReconciliationRow> rows, ReconciliationQuery query, ReconciliationStatus? status)
    {
        if (!query.Lots)
        {
            rows = ItemLevel(rows);
        }

        var totals = Enum.GetValues<ReconciliationStatus>().ToDictionary(ReconciliationCodes.Of, s => rows.Count(r => r.Status == s));
        var filtered = rows.Where(r => status is null || r.Status == status);
        if (!string.IsNullOrWhiteSpace(query.Category))
        {
            filtered = filtered.Where(r => string.Equals(r.Category, query.Category.Trim(), StringComparison.OrdinalIgnoreCase));
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var text = query.Search.Trim();
            filtered = filtered.Where(r => r.ProductName.Contains(text, StringComparison.OrdinalIgnoreCase)
                || (r.SecondItemNumber?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false)
                || r.ShortItemNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture) == text
                || r.Lot.Contains(text, StringComparison.OrdinalIgnoreCase));
        }

        return new ReconciliationReport(live.Facility.Id, live.Source, live.PulledAt, live.LastSync, live.Now,
            [.. filtered.Select(r => ReconciliationRowView.From(r, live.LastSync))], totals, rows.Count(r => r.LedgerDrift));
    }

    /// <summary>What a live report needs besides its lines: the facility, where JD Edwards' figure comes from, and when.</summary>
    private sealed record LiveView(
        Facility Facility, BalanceSource Source, DateTimeOffset? PulledAt, DateTimeOffset? LastSync, DateTimeOffset Now, ReconciliationReader.InFlightRule InFlightRule);

    /// <summary>
    /// Pulls JD Edwards' balance again (when the AIS has the orchestration), reconciles, and stores the snapshot with
    /// the ledger openings it saw first; then writes it (and snapshots the lake missed) to the lake.
    /// </summary>
    public async Task SnapshotAsync(string facilityId, SyncRunHandle run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        Facility facility;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            facility = await FindFacilityAsync(db, facilityId, cancellationToken);
        }

        if (string.IsNullOrWhiteSpace(facility.JdeBusinessUnit))
        {
            throw new ConflictException($"Facility {facilityId} is not linked to a JD Edwards branch/plant; link it before reconciling.");
        }

        DateTimeOffset? pulledAt = null;
        if (balances.Source == BalanceSource.ItemBalance)
        {
            await run.ReportProgressAsync($"Reading JD Edwards' balance of branch {facility.JdeBusinessUnit}", cancellationToken);
            var pulled = await balances.PullAsync(facility, cancellationToken);
            pulledAt = pulled.PulledAt;
            run.Count("balanceRows", pulled.Rows);
        }

        await run.ReportProgressAsync("Reconciling", cancellationToken);
        var now = clock.GetUtcNow();
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var inputs = await ReconciliationReader.ReadAsync(db, facility, balances.Source, new(dispatch.Value.PostedTypes(), balances.Source, pulledAt), cancellationToken);
            var result = ReconciliationCalculator.Compute(inputs, options.Value.Tolerance, run.Id, now);
            var rows = result.Rows;
            db.ReconciliationRuns.Add(new ReconciliationRun
            {
                Id = run.Id, FacilityId = facilityId, BalanceSource = balances.Source, BalancePulledAt = pulledAt,
                LastSyncRunId = await LastSyncRunIdAsync(db, facilityId, cancellationToken), ComputedAt = now, Rows = rows.Count,
                Matches = rows.Count(r => r.Status == ReconciliationStatus.Match), Variances = rows.Count(r => r.Status == ReconciliationStatus.Variance),
                MissingInBakery = rows.Count(r => r.Status == ReconciliationStatus.MissingInBakery),
                MissingInJde = rows.Count(r => r.Status == ReconciliationStatus.MissingInJde),
                Unmapped = rows.Count(r => r.Status == ReconciliationStatus.Unmapped), LedgerDrifts = rows.Count(r => r.LedgerDrift),
            });
            db.ReconciliationRows.AddRange(rows);
            db.LedgerOpenings.AddRange(result.NewOpenings);
            await db.SaveChangesAsync(cancellationToken);
            var cutoff = now.AddDays(-options.Value.KeepSnapshotDays);
            await db.ReconciliationRuns.Where(r => r.FacilityId == facilityId && r.ComputedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(CancellationToken.None);
            run.Count("rows", rows.Count);
            run.Count("variances", rows.Count(r => r.Status != ReconciliationStatus.Match));
            run.Count("ledgerDrifts", rows.Count(r => r.LedgerDrift));
            run.Count("openings", result.NewOpenings.Count);
        }

        if (await WriteLakeAsync(facilityId, run.Id, run, lateBy: null))
        {
            await WriteMissedLakeRunsAsync(facilityId, run);
        }

        LogSnapshot(logger, facilityId, run.Id);
    }

    /// <summary>A product's stored snapshots, oldest first, with the cardex runs between the first and the last.</summary>
    public async Task<ReconciliationHistory> HistoryAsync(string facilityId, string productId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await FindFacilityAsync(db, facilityId, cancellationToken);
        if (!await db.Products.AnyAsync(p => p.FacilityId == facilityId && p.Id == productId, cancellationToken))
        {
            throw new NotFoundException($"There is no product '{productId}' in facility '{facilityId}'.");
        }

        var points = await (
                from row in db.ReconciliationRows.AsNoTracking()
                join run in db.ReconciliationRuns.AsNoTracking() on row.RunId equals run.Id
                where row.FacilityId == facilityId && row.ProductId == productId
                orderby run.ComputedAt, row.Line
                select new { run.ComputedAt, row })
            .ToListAsync(cancellationToken);
        var history = points.Select(p => new ReconciliationHistoryPoint(p.row.RunId, p.ComputedAt, p.row.Lot, p.row.Unit, p.row.JdeQuantity,
            p.row.BakeryQuantity, p.row.Variance, ReconciliationCodes.Of(p.row.Status), p.row.LedgerDrift)).ToList();
        IReadOnlyList<SyncRunView> syncRuns = [];
        if (history.Count > 0)
        {
            var (from, to) = (history[0].ComputedAt, history[^1].ComputedAt);
            var runs = await db.SyncRuns.AsNoTracking()
                .Where(r => r.Job == CardexSync.Job && r.FacilityId == facilityId && r.StartedAt >= from.AddDays(-1) && r.StartedAt <= to)
                .OrderBy(r => r.StartedAt).Take(500).ToListAsync(cancellationToken);
            syncRuns = [.. runs.Select(SyncRunView.From)];
        }

        return new ReconciliationHistory(facilityId, productId, history, syncRuns);
    }

    /// <summary>
    /// The ledger rows behind JD Edwards' side of a line (by item, and lot when given) with the runs that mirrored them,
    /// and the movements behind the bakery's side (by product, and batch when given), newest first.
    /// </summary>
    public async Task<ReconciliationDrillDown> DrillDownAsync(
        string facilityId, string? productId, int? shortItemNumber, string? lot, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await FindFacilityAsync(db, facilityId, cancellationToken);
        if (productId is not null)
        {
            var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.FacilityId == facilityId && p.Id == productId, cancellationToken)
                ?? throw new NotFoundException($"There is no product '{productId}' in facility '{facilityId}'.");
            shortItemNumber ??= product.JdeShortItemNumber;
        }

        var ledger = db.JdeCardex.AsNoTracking().Where(e => e.FacilityId == facilityId && e.ShortItemNumber == (shortItemNumber ?? -1));
        if (!string.IsNullOrEmpty(lot))
        {
            ledger = ledger.Where(e => e.Lot == lot);
        }

        var ledgerCount = await ledger.CountAsync(cancellationToken);
        var ledgerRows = await ledger.OrderByDescending(e => e.Ukid).Take(DrillDownRows).ToListAsync(cancellationToken);
        var runIds = ledgerRows.Select(e => e.RunId).Distinct().ToList();
        var runs = await db.SyncRuns.AsNoTracking().Where(r => runIds.Contains(r.Id)).OrderByDescending(r => r.StartedAt).ToListAsync(cancellationToken);
        var movements = db.Movements.AsNoTracking().Where(m => m.FacilityId == facilityId && m.ProductId == (productId ?? ""));
        if (!string.IsNullOrEmpty(lot))
        {
            movements = movements.Where(m => m.BatchNumber == lot);
        }

        var movementCount = await movements.CountAsync(cancellationToken);
        var recent = await movements.OrderByDescending(m => m.AdjustmentDate).ThenByDescending(m => m.Id).Take(DrillDownRows).ToListAsync(cancellationToken);
        return new ReconciliationDrillDown(
            [.. ledgerRows.Select(e => new LedgerRowView(e.Ukid, e.ShortItemNumber, e.Lot, e.Location, e.DocumentType, e.DocumentNumber, e.TransactionDate,
                e.WrittenAt, e.Quantity, e.Unit, e.Explanation, CardexChangeRecord.Code(e.Outcome), e.RunId, e.MovementId))],
            ledgerCount, [.. runs.Select(SyncRunView.From)], [.. recent.Select(m => MovementView.From(m, null))], movementCount);
    }

    /// <summary>Lot lines summed per product (or item without a product), the status taken again from the sums.</summary>
    private List<ReconciliationRow> ItemLevel(IReadOnlyList<ReconciliationRow> rows)
    {
        var tolerance = options.Value.Tolerance;
        var merged = new List<ReconciliationRow>();
        foreach (var group in rows.GroupBy(r => (r.ProductId, r.ProductId is null ? r.ShortItemNumber : null)))
        {
            var lines = group.ToList();
            var first = lines[0];
            if (lines.Count == 1 && first.Level == ReconciliationLevel.Item)
            {
                merged.Add(first);
                continue;
            }

            decimal? Sum(Func<ReconciliationRow, decimal?> of) => lines.All(l => of(l) is null) ? null : lines.Sum(l => of(l) ?? 0m);
            var jde = Sum(l => l.JdeQuantity);
            var bakery = Sum(l => l.BakeryQuantity);
            var jdeInFlight = lines.Sum(l => l.JdeInFlight);
            var bakeryInFlight = lines.Sum(l => l.BakeryInFlight);
            decimal? variance = jde is { } j && bakery is { } b ? b - bakeryInFlight - (j - jdeInFlight) : null;
            var expected = (jde ?? 0m) - jdeInFlight;
            var status = first.Status == ReconciliationStatus.Unmapped || lines.Any(l => l.Note is not null && l.Variance is null && l.Status == ReconciliationStatus.Variance)
                ? first.Status
                : jde is null ? ReconciliationStatus.MissingInJde
                : bakery is null ? ReconciliationStatus.MissingInBakery
                : tolerance.Accepts(variance!.Value, expected, first.Unit) ? ReconciliationStatus.Match : ReconciliationStatus.Variance;
            merged.Add(new ReconciliationRow
            {
                RunId = first.RunId, Line = merged.Count + 1, FacilityId = first.FacilityId, ProductId = first.ProductId, ProductName = first.ProductName,
                Category = first.Category, ShortItemNumber = first.ShortItemNumber, SecondItemNumber = first.SecondItemNumber,
                BusinessUnit = first.BusinessUnit, Level = ReconciliationLevel.Item, Lot = "", Unit = first.Unit, JdeQuantity = jde, BakeryQuantity = bakery,
                JdeInFlight = jdeInFlight, BakeryInFlight = bakeryInFlight, Variance = variance,
                VariancePercent = variance is { } v && expected != 0 ? decimal.Round(v / Math.Abs(expected) * 100m, 2) : null,
                LedgerQuantity = Sum(l => l.LedgerQuantity), LedgerDrift = lines.Any(l => l.LedgerDrift), Status = status,
                Note = string.Join(" ", lines.Select(l => l.Note).OfType<string>().Distinct()) is { Length: > 0 } note ? note : null,
            });
        }

        return merged;
    }

    private async Task<bool> WriteLakeAsync(string facilityId, Guid snapshotId, SyncRunHandle run, Guid? lateBy)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
            var snapshot = await db.ReconciliationRuns.AsNoTracking().FirstAsync(r => r.Id == snapshotId, CancellationToken.None);
            var rows = db.ReconciliationRows.AsNoTracking().Where(r => r.RunId == snapshotId).OrderBy(r => r.Line).AsAsyncEnumerable()
                .Select(r => new ReconciliationRecord(r, snapshot.ComputedAt, snapshot.BalanceSource.ToString()));
            var written = await lake.WriteAsync(ReconciliationRecord.Table, rows,
                new LakeRun(snapshotId, Job, lateBy is null
                    ? $"reconciliation of {facilityId}, run {snapshotId}"
                    : $"reconciliation of {facilityId}, run {snapshotId}, written late by run {lateBy}"),
                CancellationToken.None);
            run.Count(lateBy is null ? "lakeRows" : "lakeRowsLate", written.Rows);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogLakeFailed(logger, ex, facilityId, snapshotId);
            run.Fail($"The reconciliation was stored, but writing it to the lake ({ReconciliationRecord.Dataset}) failed: {ex.Message} A later run writes it.");
            return false;
        }
    }

    private async Task WriteMissedLakeRunsAsync(string facilityId, SyncRunHandle run)
    {
        List<Guid> missed;
        await using (var db = await contexts.CreateDbContextAsync(CancellationToken.None))
        {
            missed = await db.ReconciliationRuns.AsNoTracking()
                .Where(r => r.FacilityId == facilityId && r.Id != run.Id)
                .Where(r => !db.DispatchLogs.Any(d => d.Dataset == ReconciliationRecord.Dataset && d.RunId == r.Id))
                .OrderBy(r => r.ComputedAt).Select(r => r.Id).Take(MissedLakeRunsPerRun)
                .ToListAsync(CancellationToken.None);
        }

        foreach (var snapshotId in missed)
        {
            if (!await WriteLakeAsync(facilityId, snapshotId, run, lateBy: run.Id))
            {
                return;
            }
        }
    }

    private static async Task<Facility> FindFacilityAsync(BakeryOpsDbContext db, string facilityId, CancellationToken cancellationToken) =>
        await db.Facilities.AsNoTracking().FirstOrDefaultAsync(f => f.Id == facilityId, cancellationToken)
        ?? throw new NotFoundException($"There is no facility '{facilityId}'.");

    private static Task<DateTimeOffset?> LastSyncAsync(BakeryOpsDbContext db, string facilityId, CancellationToken cancellationToken) =>
        db.SyncRuns.AsNoTracking()
            .Where(r => r.Job == CardexSync.Job && r.FacilityId == facilityId && r.Status == SyncRunStatus.Succeeded)
            .MaxAsync(r => r.FinishedAt, cancellationToken);

    private static Task<Guid?> LastSyncRunIdAsync(BakeryOpsDbContext db, string facilityId, CancellationToken cancellationToken) =>
        db.SyncRuns.AsNoTracking()
            .Where(r => r.Job == CardexSync.Job && r.FacilityId == facilityId && r.Status == SyncRunStatus.Succeeded)
            .OrderByDescending(r => r.StartedAt).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciliation of {FacilityId} stored (run {RunId})")]
    private static partial void LogSnapshot(ILogger logger, string facilityId, Guid runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconciliation run {RunId} of {FacilityId} was stored but could not be written to the lake")]
    private static partial void LogLakeFailed(ILogger logger, Exception exception, string facilityId, Guid runId);
}
