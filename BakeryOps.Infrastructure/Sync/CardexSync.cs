using System.Runtime.CompilerServices;
using System.Threading.Channels;
using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Sync;
using BakeryOps.Infrastructure.Dispatch;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Infrastructure.Jde;
using BakeryOps.Infrastructure.Jde.Client;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Lake.Writing;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Sync;

/// <summary>
/// Pulls a facility's JD Edwards item ledger (F4111) and applies each row at most once: rows are keyed by UKID and
/// mirrored in <c>jde_cardex</c>, a UKID already mirrored is a duplicate, rows written at or before the facility's link
/// are baseline, the bakery's own postings (<c>BKO </c>) are never applied, and a row the bakery cannot take waits in
/// the quarantine. Each batch of rows commits in one transaction with its mirror rows, movements and quarantine rows,
/// so a run stopped anywhere resumes with nothing lost or doubled.
/// </summary>
public sealed partial class CardexSync(
    IDbContextFactory<BakeryOpsDbContext> contexts,
    JdeAisClient jde,
    ILakeWriter lake,
    IOptions<SyncOptions> options,
    IOptions<JdeOptions> jdeOptions,
    TimeProvider clock,
    StockNotifications stockNotifications,
    ILogger<CardexSync> logger)
{
    public const string Job = "cardex-sync";

    /// <summary>The prefix of the bakery's own postings in TREX.</summary>
    public const string OwnPostingPrefix = "BKO ";

    /// <summary>Earlier runs whose lake rows are written late by one run, at most.</summary>
    private const int MissedLakeRunsPerRun = 10;

    public Task RunAsync(string facilityId, CardexSyncMode mode, SyncRunHandle run, CancellationToken cancellationToken) =>
        RunAsync(facilityId, mode, run, (branch, since) => jde.StreamCardexAsync(branch, since, cancellationToken), cancellationToken);

    /// <summary>
    /// A run over ledger rows from <paramref name="ledger"/> (branch, written since) instead of the JD Edwards client:
    /// the apply benchmark feeds rows it pulled beforehand, to time the apply stage alone.
    /// </summary>
    public async Task RunAsync(
        string facilityId, CardexSyncMode mode, SyncRunHandle run, Func<string, DateOnly, IAsyncEnumerable<JdeCardexRow>> ledger,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var settings = options.Value;
        var facility = await PrepareFacilityAsync(facilityId, mode, cancellationToken);
        var cursor = await ReadCursorAsync(facilityId, cancellationToken);
        var linkedDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(facility.JdeLinkedAt!.Value, jdeOptions.Value.TimeZoneInfo).DateTime);
        // A bootstrapped facility is linked before the history starts: it reads (and applies) all of it.
        var since = cursor is { } position
            ? position.AddDays(-settings.OverlapDays)
            : linkedDate < settings.HistoryStart ? settings.HistoryStart : linkedDate.AddDays(-settings.BaselineDays);
        var context = new RunContext(facility, mode, run.Id, cursor, await ProductsOfAsync(facilityId, cancellationToken));
        await run.ReportProgressAsync($"Reading branch {facility.JdeBusinessUnit} from {since:yyyy-MM-dd}", cancellationToken);

        // The next window is read while this one commits, so a run takes about as long as the longer of the two.
        var windows = Channel.CreateBounded<LedgerWindow>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = ReadWindowsAsync(ledger(facility.JdeBusinessUnit!, since), settings.BatchRows, windows.Writer, stopReading.Token);
        DateOnly? lastWritten = null;
        try
        {
            await foreach (var window in windows.Reader.ReadAllAsync(cancellationToken))
            {
                await CommitAsync(context, window.Rows, run, cancellationToken);
                lastWritten = window.LastWritten;
                await run.ReportProgressAsync($"Read up to rows written {lastWritten:yyyy-MM-dd}", cancellationToken);
            }

            await AdvanceCursorAsync(facilityId, lastWritten, cancellationToken);
        }
        finally
        {
            await stopReading.CancelAsync();
            await reading;
            // What was committed reaches the lake even when the run stops early, so every applied row has its record.
            if (context.Read > 0 && await WriteLakeAsync(context, run, CancellationToken.None))
            {
                await WriteMissedLakeRunsAsync(context, run, CancellationToken.None);
            }
        }

        LogRunDone(logger, facilityId, run.Id);
    }

    /// <summary>
    /// Reads the ledger into windows of <paramref name="size"/> rows for the committing side. Never throws: a failure
    /// (or the stop) completes the channel with it, after the windows read before it, which still commit.
    /// </summary>
    private static async Task ReadWindowsAsync(
        IAsyncEnumerable<JdeCardexRow> ledger, int size, ChannelWriter<LedgerWindow> windows, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            var rows = new List<JdeCardexRow>(size);
            DateOnly? lastWritten = null;
            await foreach (var row in ledger.WithCancellation(cancellationToken))
            {
                rows.Add(row);
                lastWritten = lastWritten is { } last && last > row.UpdatedDate ? last : row.UpdatedDate;
                if (rows.Count == size)
                {
                    await windows.WriteAsync(new LedgerWindow(rows, lastWritten), cancellationToken);
                    rows = new List<JdeCardexRow>(size);
                }
            }

            if (rows.Count > 0)
            {
                await windows.WriteAsync(new LedgerWindow(rows, lastWritten), cancellationToken);
            }
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        finally
        {
            windows.TryComplete(failure);
        }
    }

    /// <summary>
    /// Applies quarantined rows again after their cause was fixed: the ones given, or every open row of a reason, or
    /// all open rows of the facility. A row that applies leaves the quarantine (resolved) and is applied once; one that
    /// still cannot be taken stays with its new reason.
    /// </summary>
    public async Task RetryQuarantinedAsync(
        string facilityId, IReadOnlyCollection<Guid>? ids, QuarantineReason? reason, SyncRunHandle run, CancellationToken cancellationToken)
    {
        var facility = await PrepareFacilityAsync(facilityId, CardexSyncMode.Incremental, cancellationToken);
        var context = new RunContext(facility, CardexSyncMode.Incremental, run.Id, null, await ProductsOfAsync(facilityId, cancellationToken));
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var open = db.SyncQuarantine.Where(q => q.FacilityId == facilityId && q.ResolvedAt == null);
        if (ids is { Count: > 0 })
        {
            open = open.Where(q => ids.Contains(q.Id));
        }

        if (reason is { } only)
        {
            open = open.Where(q => q.Reason == only);
        }

        var rows = await open.OrderBy(q => q.Ukid).ToListAsync(cancellationToken);
        var ukids = rows.Select(q => q.Ukid).ToList();
        var entries = await db.JdeCardex.Where(e => e.FacilityId == facilityId && ukids.Contains(e.Ukid)).ToDictionaryAsync(e => e.Ukid, cancellationToken);
        var results = await ApplyAsync(db, context, [.. rows.Select(q => entries[q.Ukid])], now, cancellationToken);
        var movements = new List<Movement>(rows.Count);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal) { [CardexSyncCounts.Read] = rows.Count };
        for (var i = 0; i < rows.Count; i++)
        {
            var (row, result) = (rows[i], results[i]);
            row.Attempts++;
            row.RunId = run.Id;
            row.UpdatedAt = now;
            if (result.Movement is { } movement)
            {
                row.ResolvedAt = now;
                movements.Add(movement);
                Increment(counts, CardexSyncCounts.Applied);
            }
            else
            {
                row.Reason = result.Reason!.Value;
                row.Detail = Shorten(result.Detail!);
                Increment(counts, CardexSyncCounts.Quarantined);
            }
        }

        await CardexWindowWriter.AddAsync(db, movements, [], now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        // Once its writes are done a window commits: a stop asked for now takes effect after it, not inside the commit.
        await transaction.CommitAsync(CancellationToken.None);
        foreach (var (name, value) in counts)
        {
            run.Count(name, value);
        }

        // The retry's outcomes join the audit trail under the retry's run id, like any run's rows.
        if (rows.Count > 0)
        {
            await WriteRetriedToLakeAsync(context, [.. rows.Select(q => entries[q.Ukid])], run);
        }
    }

    private async Task WriteRetriedToLakeAsync(RunContext context, IReadOnlyList<JdeCardexEntry> retried, SyncRunHandle run)
    {
        try
        {
            var written = await lake.WriteAsync(CardexChangeRecord.Table, [.. retried.Select(e => CardexChangeRecord.Of(e, run.Id, e.Outcome))],
                new LakeRun(run.Id, Job, $"quarantine retry of {context.Facility.Id}, run {run.Id}"), CancellationToken.None);
            run.Count(CardexSyncCounts.LakeRows, written.Rows);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogLakeFailed(logger, ex, context.Facility.Id, run.Id);
            run.Fail($"The retried rows were synced, but writing them to the lake ({CardexChangeRecord.Dataset}) failed: {ex.Message}");
        }
    }

    /// <summary>
    /// The facility with its link: a bootstrap links it before the history starts (after checking it has no movements);
    /// a facility linked before links were recorded is linked now.
    /// </summary>
    private async Task<Facility> PrepareFacilityAsync(string facilityId, CardexSyncMode mode, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var facility = await db.Facilities.FirstOrDefaultAsync(f => f.Id == facilityId, cancellationToken)
            ?? throw new NotFoundException($"There is no facility '{facilityId}'.");
        if (string.IsNullOrWhiteSpace(facility.JdeBusinessUnit))
        {
            throw new ConflictException($"Facility {facilityId} is not linked to a JD Edwards branch/plant; link it before syncing.");
        }

        if (mode == CardexSyncMode.FullHistory)
        {
            if (await db.Movements.AnyAsync(m => m.FacilityId == facilityId, cancellationToken))
            {
                throw new ConflictException(
                    $"Facility {facilityId} already has movements, so JD Edwards' full history would count its stock twice; a full-history bootstrap is only for a facility without movements (one that stopped part way goes on with an incremental run).");
            }

            // The facility's stock will come from all of JD Edwards' history: it counts as linked before the history
            // starts, so no row is baseline, in this run and in any run that resumes it after a stop.
            var historyStart = settings.HistoryStart.ToDateTime(TimeOnly.MinValue);
            facility.JdeLinkedAt = new DateTimeOffset(historyStart, jdeOptions.Value.TimeZoneInfo.GetUtcOffset(historyStart)).AddSeconds(-1);
            facility.UpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            LogBootstrapping(logger, facilityId, settings.HistoryStart);
        }
        else if (facility.JdeLinkedAt is null)
        {
            facility.JdeLinkedAt = clock.GetUtcNow();
            facility.UpdatedAt = facility.JdeLinkedAt.Value;
            await db.SaveChangesAsync(cancellationToken);
            LogLinkedNow(logger, facilityId, facility.JdeBusinessUnit);
        }

        return facility;
    }

    private async Task<DateOnly?> ReadCursorAsync(string facilityId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.SyncCursors.AsNoTracking()
            .Where(c => c.Stream == SyncCursor.Cardex && c.FacilityId == facilityId)
            .Select(c => (DateOnly?)c.Position)
            .FirstOrDefaultAsync(cancellationToken);
    }

    private async Task<ProductIndex> ProductsOfAsync(string facilityId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return new ProductIndex(await db.Products.AsNoTracking().Where(p => p.FacilityId == facilityId).ToListAsync(cancellationToken));
    }

    /// <summary>
    /// One window in one transaction: rows not mirrored yet are mirrored, the ones to apply are applied against the
    /// stock of their products (locked, moved in memory), and movements, mirror rows, quarantine rows, batches and
    /// on-hand are written together. The run's counts grow only once the window has committed.
    /// </summary>
    private async Task CommitAsync(RunContext context, List<JdeCardexRow> rows, SyncRunHandle run, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var facilityId = context.Facility.Id;
        var counts = new Dictionary<string, long>(StringComparer.Ordinal) { [CardexSyncCounts.Read] = rows.Count };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ukids = rows.Select(r => r.Ukid).ToList();
        var mirrored = (await db.JdeCardex.AsNoTracking()
                .Where(e => e.FacilityId == facilityId && ukids.Contains(e.Ukid))
                .Select(e => e.Ukid)
                .ToListAsync(cancellationToken))
            .ToHashSet();
        var entries = new List<JdeCardexEntry>(rows.Count);
        var toApply = new List<JdeCardexEntry>();
        var duplicates = new List<long>();
        foreach (var row in rows)
        {
            if (!mirrored.Add(row.Ukid))
            {
                Increment(counts, CardexSyncCounts.Duplicates);
                duplicates.Add(row.Ukid);
                continue;
            }

            var entry = Mirror(context, row, now);
            entries.Add(entry);
            switch (entry.Outcome)
            {
                case CardexOutcome.Baseline:
                    Increment(counts, CardexSyncCounts.Baseline);
                    break;
                case CardexOutcome.OwnPosting:
                    Increment(counts, CardexSyncCounts.OwnPostings);
                    break;
                default:
                    toApply.Add(entry);
                    break;
            }
        }

        var results = await ApplyAsync(db, context, toApply, now, cancellationToken);
        var movements = new List<Movement>(toApply.Count);
        for (var i = 0; i < toApply.Count; i++)
        {
            var (entry, result) = (toApply[i], results[i]);
            if (result.Movement is { } movement)
            {
                movements.Add(movement);
                Increment(counts, CardexSyncCounts.Applied);
                if (entry.BackDated)
                {
                    Increment(counts, CardexSyncCounts.BackDated);
                }
            }
            else
            {
                db.SyncQuarantine.Add(new QuarantinedLedgerRow
                {
                    Id = Guid.CreateVersion7(now), FacilityId = facilityId, Ukid = entry.Ukid, Reason = result.Reason!.Value,
                    Detail = Shorten(result.Detail!), Attempts = 1, RunId = context.RunId, CreatedAt = now, UpdatedAt = now,
                });
                Increment(counts, CardexSyncCounts.Quarantined);
            }
        }

        var confirmed = await DispatchConfirmations.ConfirmAsync(db, facilityId, entries.Where(e => e.Outcome == CardexOutcome.OwnPosting), now, cancellationToken);
        if (confirmed > 0)
        {
            Increment(counts, CardexSyncCounts.Confirmed, confirmed);
        }

        await CardexWindowWriter.AddAsync(db, movements, entries, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        // Once its writes are done a window commits: a stop asked for now takes effect after it, not inside the commit.
        await transaction.CommitAsync(CancellationToken.None);

        context.Read += rows.Count;
        context.Duplicates.AddRange(duplicates);
        if (movements.Count > 0)
        {
            stockNotifications.Publish(facilityId);
        }

        foreach (var (name, value) in counts)
        {
            run.Count(name, value);
        }
    }

    /// <summary>
    /// Applies mirrored rows in ledger order against the stock of the products they move (locked first) and saves the
    /// new on-hand. Each row ends applied (outcome, movement id) or quarantined; the results line up with the rows.
    /// </summary>
    private async Task<CardexApplyResult[]> ApplyAsync(
        BakeryOpsDbContext db, RunContext context, IReadOnlyList<JdeCardexEntry> entries, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var results = new CardexApplyResult[entries.Count];
        if (entries.Count == 0)
        {
            return results;
        }

        var applier = new CardexApplier(options.Value, context.Facility, context.Products, TransactionInstant);
        var productIds = entries.Select(applier.ProductFor).OfType<Product>().Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var batchNumbers = entries.Select(CardexApplier.BatchOf).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var stock = await StockBook.OpenAsync(db, context.Facility, productIds, batchNumbers, now, cancellationToken);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            results[i] = applier.Apply(entry, stock, now);
            entry.Outcome = results[i].Movement is null ? CardexOutcome.Quarantined : CardexOutcome.Applied;
            entry.MovementId = results[i].Movement?.Id;
        }

        await stock.SaveAsync(now, cancellationToken);
        if (stock.ChangedProducts.Count > 0)
        {
            await InventoryService.QueueStockChangesAsync(db, [.. stock.ChangedProducts], now, cancellationToken);
        }

        return results;
    }

    private static void Increment(Dictionary<string, long> counts, string name, long by = 1) => counts[name] = counts.GetValueOrDefault(name) + by;

    private JdeCardexEntry Mirror(RunContext context, JdeCardexRow row, DateTimeOffset now)
    {
        var writtenAt = WrittenAt(row);
        // Applied until the apply says otherwise (it may quarantine the row).
        var outcome = context.Mode != CardexSyncMode.FullHistory && writtenAt <= context.Facility.JdeLinkedAt!.Value
            ? CardexOutcome.Baseline
            : row.Explanation.StartsWith(OwnPostingPrefix, StringComparison.Ordinal) ? CardexOutcome.OwnPosting : CardexOutcome.Applied;
        return new JdeCardexEntry
        {
            FacilityId = context.Facility.Id, Ukid = row.Ukid, ShortItemNumber = row.ShortItemNumber, SecondItemNumber = row.SecondItemNumber,
            BusinessUnit = row.BusinessUnit, Location = row.Location, Lot = row.Lot, DocumentNumber = row.DocumentNumber,
            DocumentType = row.DocumentType, TransactionDate = row.TransactionDate, WrittenAt = writtenAt, Quantity = row.Quantity,
            Unit = row.Unit, Explanation = row.Explanation, Outcome = outcome, RunId = context.RunId, MirroredAt = now,
            // Only rows that are applied can be back-dated: their date is older than what the facility had synced.
            BackDated = outcome == CardexOutcome.Applied && context.PreviousCursor is { } cursor && row.TransactionDate < cursor,
        };
    }

    /// <summary>
    /// Every row the run read into <c>cardex_changes</c>, streamed from the mirror: the rows it mirrored with their
    /// outcome, and the ones it found mirrored already as duplicates. The rows are in the database by now, so a lake
    /// that cannot take them fails the run in words without undoing what was applied.
    /// </summary>
    private async Task<bool> WriteLakeAsync(RunContext context, SyncRunHandle run, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var written = await lake.WriteAsync(CardexChangeRecord.Table, ChangesAsync(db, context, cancellationToken),
                new LakeRun(context.RunId, Job, $"cardex of {context.Facility.Id} (branch {context.Facility.JdeBusinessUnit}), run {context.RunId}"),
                cancellationToken);
            run.Count(CardexSyncCounts.LakeRows, written.Rows);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogLakeFailed(logger, ex, context.Facility.Id, context.RunId);
            run.Fail($"The rows were synced, but writing them to the lake ({CardexChangeRecord.Dataset}) failed: {ex.Message} A later run writes them.");
            return false;
        }
    }

    /// <summary>
    /// The rows of earlier runs whose <c>cardex_changes</c> never reached the lake (it was down), written now from the
    /// mirror under their own run ids; their duplicates were not kept, so only the rows they mirrored are written.
    /// </summary>
    private async Task WriteMissedLakeRunsAsync(RunContext context, SyncRunHandle run, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var facilityId = context.Facility.Id;
        var missed = await db.JdeCardex.AsNoTracking()
            .Where(e => e.FacilityId == facilityId && e.RunId != context.RunId)
            .Select(e => e.RunId)
            .Distinct()
            .Where(id => !db.DispatchLogs.Any(d => d.Dataset == CardexChangeRecord.Dataset && d.RunId == id))
            .OrderBy(id => id)
            .Take(MissedLakeRunsPerRun)
            .ToListAsync(cancellationToken);
        foreach (var missedRun in missed)
        {
            // A new context, not a copy: the duplicates this run read are not the earlier run's.
            var earlier = new RunContext(context.Facility, context.Mode, missedRun, context.PreviousCursor, context.Products);
            try
            {
                var written = await lake.WriteAsync(CardexChangeRecord.Table, ChangesAsync(db, earlier, cancellationToken),
                    new LakeRun(missedRun, Job, $"cardex of {facilityId}, run {missedRun}, written late by run {context.RunId}"), cancellationToken);
                run.Count(CardexSyncCounts.LakeRowsLate, written.Rows);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogLakeFailed(logger, ex, facilityId, missedRun);
                run.Fail($"Writing the lake rows of earlier run {missedRun} failed: {ex.Message}");
                return;
            }
        }
    }

    private static async IAsyncEnumerable<CardexChangeRecord> ChangesAsync(
        BakeryOpsDbContext db, RunContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var facilityId = context.Facility.Id;
        var runId = context.RunId;
        var mirrored = db.JdeCardex.AsNoTracking().Where(e => e.FacilityId == facilityId && e.RunId == runId).OrderBy(e => e.Ukid);
        await foreach (var entry in mirrored.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return CardexChangeRecord.Of(entry, runId, entry.Outcome);
        }

        foreach (var chunk in context.Duplicates.Chunk(1000))
        {
            var ukids = chunk.ToList();
            var duplicates = db.JdeCardex.AsNoTracking().Where(e => e.FacilityId == facilityId && ukids.Contains(e.Ukid)).OrderBy(e => e.Ukid);
            await foreach (var entry in duplicates.AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                yield return CardexChangeRecord.Of(entry, runId, CardexOutcome.Duplicate);
            }
        }
    }

    private async Task AdvanceCursorAsync(string facilityId, DateOnly? lastWritten, CancellationToken cancellationToken)
    {
        if (lastWritten is not { } position)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var cursor = await db.SyncCursors.FirstOrDefaultAsync(c => c.Stream == SyncCursor.Cardex && c.FacilityId == facilityId, cancellationToken);
        if (cursor is null)
        {
            db.SyncCursors.Add(new SyncCursor { Stream = SyncCursor.Cardex, FacilityId = facilityId, Position = position, UpdatedAt = clock.GetUtcNow() });
        }
        else if (position > cursor.Position)
        {
            cursor.Position = position;
            cursor.UpdatedAt = clock.GetUtcNow();
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>CRDJ and TDAY in JD Edwards' zone; a row without a time counts as written at the end of its day.</summary>
    private DateTimeOffset WrittenAt(JdeCardexRow row)
    {
        var local = row.UpdatedDate.ToDateTime(row.UpdatedTime ?? new TimeOnly(23, 59, 59));
        var zone = jdeOptions.Value.TimeZoneInfo;
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>A transaction date as the start of that day in JD Edwards' zone.</summary>
    private DateTimeOffset TransactionInstant(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, jdeOptions.Value.TimeZoneInfo.GetUtcOffset(local)).ToUniversalTime();
    }

    private static string Shorten(string text) =>
        text.Length <= QuarantinedLedgerRow.MaxDetailLength ? text : text[..(QuarantinedLedgerRow.MaxDetailLength - 1)] + "…";

    [LoggerMessage(Level = LogLevel.Error, Message = "Cardex run {RunId} of {FacilityId} synced its rows but could not write them to the lake")]
    private static partial void LogLakeFailed(ILogger logger, Exception exception, string facilityId, Guid runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cardex sync of {FacilityId} finished (run {RunId})")]
    private static partial void LogRunDone(ILogger logger, string facilityId, Guid runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Facility {FacilityId} is bootstrapped from JD Edwards' full history since {HistoryStart}")]
    private static partial void LogBootstrapping(ILogger logger, string facilityId, DateOnly historyStart);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Facility {FacilityId} had branch {BusinessUnit} but no link time; linked now, so older ledger rows count as baseline")]
    private static partial void LogLinkedNow(ILogger logger, string facilityId, string? businessUnit);

    /// <summary>Ledger rows to commit together, and the latest write date read so far (where the cursor may move).</summary>
    private sealed record LedgerWindow(List<JdeCardexRow> Rows, DateOnly? LastWritten);

    private sealed record RunContext(Facility Facility, CardexSyncMode Mode, Guid RunId, DateOnly? PreviousCursor, ProductIndex Products)
    {

        public long Read { get; set; }

        /// <summary>UKIDs read again that an earlier read had mirrored; only ids are kept, the rows are in the mirror.</summary>
        public List<long> Duplicates { get; } = [];
    }
}
