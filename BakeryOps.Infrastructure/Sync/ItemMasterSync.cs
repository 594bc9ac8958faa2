using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Sync;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Infrastructure.Jde.Client;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Lake.Writing;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Sync;

/// <summary>
/// Pulls a facility's JD Edwards item master (every configured G/L class of its branch, whole each time) into the mirror
/// <c>jde_item_master</c>, writes the pulled rows to the lake dataset <c>item_master</c>, and applies selected differences
/// to the facility's products: creates and updates them, and archives a product gone from JD Edwards only when asked.
/// Nothing is ever deleted. A pull that AIS cut off fails the run before anything changes, because "gone" is worked out
/// from absence.
/// </summary>
public sealed partial class ItemMasterSync(
    IDbContextFactory<BakeryOpsDbContext> contexts,
    JdeAisClient jde,
    InventoryService inventory,
    ItemMasterReviews reviews,
    ILakeWriter lake,
    IOptions<ItemMasterSyncOptions> options,
    IOptions<SyncOptions> syncOptions,
    TimeProvider clock,
    ILogger<ItemMasterSync> logger)
{
    public const string Job = "item-master-sync";

    /// <summary>Who the differences applied without review are recorded as applied by.</summary>
    public const string AutoApplyUser = "auto-apply";

    /// <summary>Pulls, mirrors and writes the lake; then, with <c>Sync:ItemMaster:AutoApply</c>, applies new items and changes.</summary>
    public async Task RunAsync(string facilityId, SyncRunHandle run, CancellationToken cancellationToken)
    {
        var facility = await LinkedFacilityAsync(facilityId, cancellationToken);
        var pulled = await PullAsync(facility, run, cancellationToken);
        run.Count(ItemMasterSyncCounts.Read, pulled.Count);
        var now = clock.GetUtcNow();
        await MirrorAsync(facility, pulled, run.Id, now, cancellationToken);
        await WriteLakeAsync(facility, pulled, run, now, cancellationToken);

        var settings = options.Value;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var comparison = await reviews.CompareAsync(db, facilityId, cancellationToken);
        // Every run shows the same five counts, an apply's among them even when nothing was applied.
        run.Count(ItemMasterSyncCounts.Applied, 0);
        run.Count(ItemMasterSyncCounts.New, comparison.Differences.Count(d => d.Change == ItemMasterChange.New));
        run.Count(ItemMasterSyncCounts.Changed, comparison.Differences.Count(d => d.Change == ItemMasterChange.Changed));
        run.Count(ItemMasterSyncCounts.Gone, comparison.Differences.Count(d => d.Change == ItemMasterChange.Gone));
        run.Count(ItemMasterSyncCounts.Blocked, comparison.Differences.Count(d => d.BlockedReason is not null));
        if (settings.AutoApply)
        {
            // Never archives: a product gone from JD Edwards waits for someone to decide.
            var applicable = comparison.Differences.Where(d => d.Change != ItemMasterChange.Gone && d.BlockedReason is null).ToList();
            if (applicable.Count > 0)
            {
                await ApplyAsync(db, comparison, applicable, AutoApplyUser, run, cancellationToken);
            }
        }

        // Once its writes are done it commits: a stop asked for now takes effect after it, not inside the commit.
        await transaction.CommitAsync(CancellationToken.None);
        LogRunDone(logger, facilityId, run.Id, pulled.Count);
    }

    /// <summary>
    /// Applies the selected review rows in one transaction, recorded as applied by <paramref name="appliedBy"/>: a new
    /// item becomes a product, a changed one takes JD Edwards' attributes, a gone one is archived (only with
    /// <paramref name="archiveMissing"/>). The selection is checked again against the review as it is now.
    /// </summary>
    public async Task<ItemMasterApplyResult> ApplyAsync(
        string facilityId, IReadOnlyList<string?> items, bool archiveMissing, string appliedBy, SyncRunHandle run, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var comparison = await reviews.CompareAsync(db, facilityId, cancellationToken);
        var selected = ItemMasterReviews.Select(comparison.Facility.Id, comparison.Differences, items, archiveMissing);
        var result = await ApplyAsync(db, comparison, selected, appliedBy, run, cancellationToken);
        // Once its writes are done it commits: a stop asked for now takes effect after it, not inside the commit.
        await transaction.CommitAsync(CancellationToken.None);
        LogApplied(logger, facilityId, appliedBy, result.Created.Count, result.Updated.Count, result.Archived.Count);
        return result;
    }

    private async Task<ItemMasterApplyResult> ApplyAsync(
        BakeryOpsDbContext db, ItemMasterComparisonResult comparison, IReadOnlyList<ItemMasterDifference> selected, string appliedBy, SyncRunHandle run,
        CancellationToken cancellationToken)
    {
        var facilityId = comparison.Facility.Id;
        var now = clock.GetUtcNow();
        var entries = comparison.Entries.Where(e => e.MissingSince is null).ToDictionary(e => e.ShortItemNumber);
        var (created, updated, archived) = (new List<AppliedItemView>(), new List<AppliedItemView>(), new List<AppliedItemView>());
        foreach (var difference in selected)
        {
            switch (difference.Change)
            {
                case ItemMasterChange.New:
                {
                    var entry = entries[difference.ShortItemNumber!.Value];
                    var product = await inventory.CreateProductAsync(db, facilityId, NewProduct(entry), cancellationToken);
                    created.Add(new AppliedItemView(difference.Item, product.Id));
                    await MarkAppliedAsync(db, entry, appliedBy, run.Id, now, cancellationToken);
                    break;
                }

                case ItemMasterChange.Changed:
                {
                    var entry = entries[difference.ShortItemNumber!.Value];
                    var product = await db.Products.AsNoTracking().SingleAsync(p => p.Id == difference.ProductId, cancellationToken);
                    var changesUnit = difference.Attributes.Any(a => a.Attribute == ItemMasterComparison.Unit);
                    await inventory.UpdateProductAsync(db, facilityId, product.Id, Updated(product, entry, changesUnit), null, cancellationToken);
                    updated.Add(new AppliedItemView(difference.Item, product.Id));
                    await MarkAppliedAsync(db, entry, appliedBy, run.Id, now, cancellationToken);
                    break;
                }

                case ItemMasterChange.Gone:
                {
                    var product = await db.Products.AsNoTracking().SingleAsync(p => p.Id == difference.ProductId, cancellationToken);
                    await inventory.UpdateProductAsync(db, facilityId, product.Id, InputOf(product) with { Archived = true }, null, cancellationToken);
                    archived.Add(new AppliedItemView(difference.Item, product.Id));
                    break;
                }
            }
        }

        run.Count(ItemMasterSyncCounts.Created, created.Count);
        run.Count(ItemMasterSyncCounts.Updated, updated.Count);
        run.Count(ItemMasterSyncCounts.Archived, archived.Count);
        run.Count(ItemMasterSyncCounts.Applied, created.Count + updated.Count + archived.Count);
        return new ItemMasterApplyResult(facilityId, run.Id, created, updated, archived);
    }

    private static async Task MarkAppliedAsync(
        BakeryOpsDbContext db, JdeItemMasterEntry entry, string appliedBy, Guid runId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tracked = await db.JdeItemMaster.SingleAsync(e => e.FacilityId == entry.FacilityId && e.ShortItemNumber == entry.ShortItemNumber, cancellationToken);
        tracked.AppliedAt = now;
        tracked.AppliedBy = appliedBy.Length <= JdeItemMasterEntry.MaxAppliedByLength ? appliedBy : appliedBy[..JdeItemMasterEntry.MaxAppliedByLength];
        tracked.AppliedRunId = runId;
        await db.SaveChangesAsync(cancellationToken);
    }

    private ProductInput NewProduct(JdeItemMasterEntry entry) => new(
        NameOf(entry), entry.Description2.Trim(), options.Value.CategoryFor(entry.GlClass), UnitCatalogue.Normalise(entry.PrimaryUnit),
        Archived: false, new JdeLinkInput(entry.ShortItemNumber, entry.SecondItemNumber, entry.BusinessUnit), [],
        entry.StockingType.Trim(), entry.GlClass.Trim(), entry.LotControlled, entry.ShelfLifeDays ?? 0);

    /// <summary>The product with JD Edwards' attributes; its unit only when JD Edwards' does not convert to it (checked by the review).</summary>
    private static ProductInput Updated(Product product, JdeItemMasterEntry entry, bool changesUnit) => InputOf(product) with
    {
        ProductName = NameOf(entry),
        Description = entry.Description2.Trim(),
        InventoryUnit = changesUnit ? UnitCatalogue.Normalise(entry.PrimaryUnit) : product.InventoryUnit,
        Jde = new JdeLinkInput(entry.ShortItemNumber, entry.SecondItemNumber, entry.BusinessUnit),
        StockingType = entry.StockingType.Trim(),
        GlClass = entry.GlClass.Trim(),
        LotControlled = entry.LotControlled,
        ShelfLifeDays = entry.ShelfLifeDays ?? 0,
    };

    private static ProductInput InputOf(Product product) => ProductView.From(product, null).ToInput();

    // DSC1 is what the bakery calls the product; an item without one is named by its 2nd item number.
    private static string NameOf(JdeItemMasterEntry entry) =>
        string.IsNullOrWhiteSpace(entry.Description) ? entry.SecondItemNumber.Trim() : entry.Description.Trim();

    private async Task<Facility> LinkedFacilityAsync(string facilityId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var facility = await db.Facilities.AsNoTracking().FirstOrDefaultAsync(f => f.Id == facilityId, cancellationToken)
            ?? throw new NotFoundException($"There is no facility '{facilityId}'.");
        return string.IsNullOrWhiteSpace(facility.JdeBusinessUnit)
            ? throw new ConflictException($"Facility {facilityId} is not linked to a JD Edwards branch/plant; link it before syncing its item master.")
            : facility;
    }

    /// <summary>
    /// Every configured G/L class of the branch, whole (from <c>Sync:HistoryStart</c>, not from the last pull): only a
    /// whole list tells which items are gone. A class AIS cut off fails the run before anything is written.
    /// </summary>
    private async Task<List<PulledRow>> PullAsync(Facility facility, SyncRunHandle run, CancellationToken cancellationToken)
    {
        var branch = facility.JdeBusinessUnit!;
        var rows = new List<PulledRow>();
        foreach (var glClass in options.Value.EffectiveGlClasses)
        {
            await run.ReportProgressAsync($"Reading the item master of branch {branch}, G/L class {glClass}", cancellationToken);
            var page = await jde.GetItemMasterAsync(branch, glClass, syncOptions.Value.HistoryStart, cancellationToken);
            if (page.MoreRecords)
            {
                throw new ItemMasterPullIncompleteException(branch, glClass, page.Rows.Count);
            }

            rows.AddRange(page.Rows.Select(r => new PulledRow(glClass, r)));
        }

        return rows;
    }

    /// <summary>Upserts what JD Edwards lists and marks what it no longer lists as missing, with the pull's date, in one transaction.</summary>
    private async Task MirrorAsync(Facility facility, List<PulledRow> pulled, Guid runId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var mirror = await db.JdeItemMaster.Where(e => e.FacilityId == facility.Id).ToDictionaryAsync(e => e.ShortItemNumber, cancellationToken);
        var seen = new HashSet<int>();
        foreach (var row in pulled.Select(p => p.Row))
        {
            seen.Add(row.ShortItemNumber);
            if (!mirror.TryGetValue(row.ShortItemNumber, out var entry))
            {
                entry = new JdeItemMasterEntry
                {
                    FacilityId = facility.Id, ShortItemNumber = row.ShortItemNumber, SecondItemNumber = "", ThirdItemNumber = "", BusinessUnit = "",
                    Description = "", Description2 = "", PrimaryUnit = "", StockingType = "", GlClass = "", LineType = "", LotProcessType = "",
                };
                mirror[row.ShortItemNumber] = entry;
                db.JdeItemMaster.Add(entry);
            }

            entry.SecondItemNumber = Cut(row.SecondItemNumber, JdeItemMasterEntry.MaxItemLength);
            entry.ThirdItemNumber = Cut(row.ThirdItemNumber, JdeItemMasterEntry.MaxItemLength);
            entry.BusinessUnit = Cut(row.BusinessUnit, 12);
            entry.Description = Cut(row.Description, JdeItemMasterEntry.MaxDescriptionLength);
            entry.Description2 = Cut(row.Description2, JdeItemMasterEntry.MaxDescriptionLength);
            entry.PrimaryUnit = Cut(row.PrimaryUnit, JdeItemMasterEntry.MaxCodeLength);
            entry.StockingType = Cut(row.StockingType, JdeItemMasterEntry.MaxCodeLength);
            entry.GlClass = Cut(row.GlClass, JdeItemMasterEntry.MaxCodeLength);
            entry.LineType = Cut(row.LineType, JdeItemMasterEntry.MaxCodeLength);
            entry.LotProcessType = Cut(row.LotProcessType, JdeItemMasterEntry.MaxCodeLength);
            entry.ShelfLifeDays = row.ShelfLifeDays;
            entry.UpdatedDate = row.UpdatedDate;
            entry.RunId = runId;
            entry.SeenAt = now;
            entry.MissingSince = null;
        }

        foreach (var gone in mirror.Values.Where(e => e.MissingSince is null && !seen.Contains(e.ShortItemNumber)))
        {
            gone.MissingSince = now;
        }

        var cursor = await db.SyncCursors.FirstOrDefaultAsync(c => c.Stream == SyncCursor.ItemMaster && c.FacilityId == facility.Id, cancellationToken);
        if (cursor is null)
        {
            db.SyncCursors.Add(cursor = new SyncCursor { Stream = SyncCursor.ItemMaster, FacilityId = facility.Id });
        }

        cursor.Position = DateOnly.FromDateTime(now.UtcDateTime);
        cursor.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        // Once its writes are done it commits: a stop asked for now takes effect after it, not inside the commit.
        await transaction.CommitAsync(CancellationToken.None);
    }

    /// <summary>The pulled rows into <c>item_master</c>; a lake that cannot take them fails the run in words, the mirror stays.</summary>
    private async Task WriteLakeAsync(Facility facility, List<PulledRow> pulled, SyncRunHandle run, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var records = pulled.Select(p => new ItemMasterRecord(run.Id, facility.Id, p.GlClass, p.Row, now)).ToList();
            var written = await lake.WriteAsync(ItemMasterRecord.Table, records,
                new LakeRun(run.Id, Job, $"item master of {facility.Id} (branch {facility.JdeBusinessUnit}, G/L classes {string.Join(", ", options.Value.EffectiveGlClasses)}), run {run.Id}"),
                cancellationToken);
            run.Count(ItemMasterSyncCounts.LakeRows, written.Rows);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogLakeFailed(logger, ex, facility.Id, run.Id);
            run.Fail($"The item master was mirrored, but writing it to the lake ({ItemMasterRecord.Dataset}) failed: {SyncRunRecorder.Describe(ex)} The next run writes it again.");
        }
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];

    private sealed record PulledRow(string GlClass, JdeItemMasterRow Row);

    [LoggerMessage(Level = LogLevel.Information, Message = "Item master sync of {FacilityId} finished (run {RunId}, {Rows} rows read)")]
    private static partial void LogRunDone(ILogger logger, string facilityId, Guid runId, int rows);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Item master differences of {FacilityId} applied by {AppliedBy}: {Created} created, {Updated} updated, {Archived} archived")]
    private static partial void LogApplied(ILogger logger, string facilityId, string appliedBy, int created, int updated, int archived);

    [LoggerMessage(Level = LogLevel.Error, Message = "Item master run {RunId} of {FacilityId} mirrored its rows but could not write them to the lake")]
    private static partial void LogLakeFailed(ILogger logger, Exception exception, string facilityId, Guid runId);
}
