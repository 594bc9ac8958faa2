using BakeryOps.Domain.Dispatch;
using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Paging;
using BakeryOps.Domain.Reconciliation;
using BakeryOps.Infrastructure.Analytics;
using BakeryOps.Infrastructure.Dispatch;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Infrastructure.Lake.Catalog;
using BakeryOps.Infrastructure.Lake.Outbox;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Reconciliation;
using BakeryOps.Tests.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BakeryOps.Tests.Infrastructure.Analytics;

/// <summary>
/// The dashboard's snapshot of the sample bakery on a running portal, from an empty database to a synced, reconciled
/// facility with movements, postings in every state, quarantined ledger rows and lake files: each count is checked
/// against the rows behind it, read whole and counted in memory.
/// </summary>
public abstract class DashboardReaderTests<TFixture>(TFixture fixture) where TFixture : PortalFixture
{
    private const string Facility = CardexSyncDriver.Facility;
    private const string Spelt = "prod_1110_60005";
    private readonly CardexSyncDriver _sync = new(fixture);
    private IServiceProvider Services => fixture.Services;
    private DashboardReader Reader => Services.GetRequiredService<DashboardReader>();

    [Fact]
    public async Task ReadAsync_FromAnEmptyDatabaseToABusyFacility_ThenEveryCountEqualsTheRowsBehindIt()
    {
        var empty = await Reader.ReadAsync(null, CancellationToken.None);
        empty.FacilityId.Should().Be(Facility, "Site:DefaultFacilityId by default");
        empty.Reconciliation.Should().BeNull();
        empty.Dispatch.Should().Be(new DispatchGlance(true, 0, 0, 0, 0, 0, 0), "the default facility is linked to its branch when it is made");
        empty.Quarantine.Open.Should().Be(0);
        empty.Jobs.Should().BeEmpty();
        empty.Lake.Datasets.Select(d => d.Dataset).Should().Contain(BakeryOpsLakeDatasets.All.Select(d => d.Name));
        empty.Lake.Datasets.Should().OnlyContain(d => d.Files == 0 && d.LastWrittenAt == null);

        await _sync.LoadSampleDataAsync();
        await _sync.RunAsync();
        await Task.Delay(1100); // movements dated after the link (second precision in some stores)
        var reconciler = Services.GetRequiredService<ReconciliationRunner>();
        await reconciler.RunNowAsync(Facility, "test", CancellationToken.None);

        // Postings in every state: five planned, then set apart by state; one more recorded after the plan.
        for (var i = 1; i <= 4; i++)
        {
            await RecordAsync(CardexSyncDriver.Flour, i, "USAGE");
        }

        await RecordAsync(CardexSyncDriver.Flour, 0.5m, "WASTE");
        var dispatch = Services.GetRequiredService<DispatchService>();
        var planned = (await dispatch.ListAsync(new DispatchQuery(Facility), new PageRequest(0, 100), CancellationToken.None)).Items
            .OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key).ToList();
        planned.Should().HaveCount(5);
        await SetStateAsync(planned[0], DispatchState.Approved);
        await SetStateAsync(planned[1], DispatchState.Sending);
        await SetStateAsync(planned[2], DispatchState.Posted);
        await SetStateAsync(planned[3], DispatchState.Failed);
        await RecordAsync(CardexSyncDriver.Flour, 6m, "USAGE");

        // Real variances either way (transfers are not posted to JD Edwards), then a newer snapshot.
        await RecordAsync(CardexSyncDriver.Flour, -2.5m, "TRANSFER");
        await RecordAsync(Spelt, 3m, "TRANSFER");
        await reconciler.RunNowAsync(Facility, "test", CancellationToken.None);

        // Two ledger rows of a document type the sync does not know, one of them resolved since.
        await _sync.RecordInJdeAsync("B_FLOUR_T55", 2m, "KG", "IZ");
        await _sync.RecordInJdeAsync("B_FLOUR_T55", 1m, "KG", "IZ");
        await _sync.RunAsync();
        await using (var db = await ContextAsync())
        {
            var first = await db.SyncQuarantine.Where(q => q.FacilityId == Facility).OrderBy(q => q.Ukid).FirstAsync();
            first.ResolvedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync();
        }

        var snapshot = await Reader.ReadAsync(Facility, CancellationToken.None);

        await using (var db = await ContextAsync())
        {
            var runs = await db.ReconciliationRuns.AsNoTracking().Where(r => r.FacilityId == Facility).ToListAsync();
            runs.Should().HaveCount(2);
            var newest = runs.MaxBy(r => r.ComputedAt)!;
            var glance = snapshot.Reconciliation!;
            glance.RunId.Should().Be(newest.Id);
            glance.ComputedAt.Should().Be(newest.ComputedAt);
            var rows = await db.ReconciliationRows.AsNoTracking().Where(r => r.RunId == newest.Id).ToListAsync();
            (glance.Rows, glance.Matches, glance.Variances, glance.MissingInBakery, glance.MissingInJde, glance.Unmapped).Should().Be((
                rows.Count, Count(rows, ReconciliationStatus.Match), Count(rows, ReconciliationStatus.Variance), Count(rows, ReconciliationStatus.MissingInBakery),
                Count(rows, ReconciliationStatus.MissingInJde), Count(rows, ReconciliationStatus.Unmapped)));
            glance.Variances.Should().Be(2);
            glance.Largest.Select(l => (l.ProductId, l.Variance, l.Unit)).Should().Equal(rows
                .Where(r => r.Status != ReconciliationStatus.Match && r.Variance is not null)
                .OrderByDescending(r => Math.Abs(r.Variance!.Value)).ThenBy(r => r.Line).Take(DashboardReader.LargestVariances)
                .Select(r => (r.ProductId, r.Variance!.Value, r.Unit)));
            glance.Largest.Take(2).Select(l => (l.ProductId, l.Variance, l.Unit)).Should().Equal((Spelt, 3m, "KG"), (CardexSyncDriver.Flour, -2.5m, "KG"));

            var postings = await db.JdeDispatches.AsNoTracking().Where(d => d.FacilityId == Facility).Select(d => new { d.State, d.MovementId }).ToListAsync();
            var posted = Services.GetRequiredService<IOptions<DispatchOptions>>().Value.PostedTypes();
            var linkedAt = (await db.Facilities.SingleAsync(f => f.Id == Facility)).JdeLinkedAt!.Value;
            var movements = await db.Movements.AsNoTracking()
                .Where(m => m.FacilityId == Facility && m.Source == MovementSource.Bakery).Select(m => new { m.Id, m.Type, m.AdjustmentDate }).ToListAsync();
            var unplanned = movements.Count(m => posted.Contains(m.Type) && m.AdjustmentDate >= linkedAt && postings.All(p => p.MovementId != m.Id));
            snapshot.Dispatch.Should().Be(new DispatchGlance(true, unplanned, postings.Count(p => p.State == DispatchState.Pending),
                postings.Count(p => p.State == DispatchState.Approved), postings.Count(p => p.State == DispatchState.Sending),
                postings.Count(p => p.State == DispatchState.Posted), postings.Count(p => p.State == DispatchState.Failed)));
            (snapshot.Dispatch.WaitingForApproval, snapshot.Dispatch.InFlight, snapshot.Dispatch.Failed).Should().Be((2, 2, 1));

            var quarantine = await db.SyncQuarantine.AsNoTracking().Where(q => q.FacilityId == Facility && q.ResolvedAt == null).ToListAsync();
            quarantine.Should().ContainSingle();
            snapshot.Quarantine.Open.Should().Be(quarantine.Count);
            snapshot.Quarantine.ByReason.Should().Equal(new Dictionary<string, int> { ["unknown_document_type"] = 1 });
            snapshot.Quarantine.OldestAt.Should().Be(quarantine.Min(q => q.CreatedAt));

            await ExpectLakeAsync(db, snapshot);
        }

        snapshot.Jobs.Select(j => (j.Job, j.LastRun.Status)).Should().Contain([("cardex-sync", "succeeded"), (ReconciliationService.Job, "succeeded")]);

        // A batch writes what waited: the movements' dataset has a newer file and nothing waiting.
        await Services.GetRequiredService<LakeOutboxFlusher>().FlushAsync("test", CancellationToken.None);
        var flushed = await Reader.ReadAsync(Facility, CancellationToken.None);
        var lakeMovements = flushed.Lake.Datasets.Single(d => d.Dataset == BakeryOpsMovementRecord.Dataset);
        (lakeMovements.Waiting, lakeMovements.OldestWaitingAt).Should().Be((0, null));
        lakeMovements.Files.Should().BePositive();
        await using (var db = await ContextAsync())
        {
            await ExpectLakeAsync(db, flushed);
        }
    }

    private static int Count(List<ReconciliationRow> rows, ReconciliationStatus status) => rows.Count(r => r.Status == status);

    private static async Task ExpectLakeAsync(BakeryOpsDbContext db, DashboardSnapshot snapshot)
    {
        var files = await db.DispatchLogs.AsNoTracking().Select(d => new { d.Dataset, d.CreatedAt }).ToListAsync();
        var waiting = await db.LakeOutbox.AsNoTracking().Select(e => new { e.Dataset, e.CreatedAt }).ToListAsync();
        files.Should().NotBeEmpty("the sync writes cardex_changes");
        waiting.Concat(files).Select(x => x.Dataset).Should().OnlyContain(d => snapshot.Lake.Datasets.Any(s => s.Dataset == d));
        foreach (var dataset in snapshot.Lake.Datasets)
        {
            var own = files.Where(f => f.Dataset == dataset.Dataset).ToList();
            var queued = waiting.Where(w => w.Dataset == dataset.Dataset).ToList();
            dataset.Should().Be(new LakeDatasetFreshness(dataset.Dataset, own.Count, own.Count == 0 ? null : own.Max(f => f.CreatedAt),
                queued.Count, queued.Count == 0 ? null : queued.Min(w => w.CreatedAt)));
        }
    }

    private Task RecordAsync(string productId, decimal quantity, string type) =>
        Services.GetRequiredService<InventoryService>().RecordAdjustmentsAsync(Facility,
            [new AdjustmentInput(productId, quantity, "KG", type)], isArray: false, "tester", CancellationToken.None);

    private async Task SetStateAsync(string key, DispatchState state)
    {
        await using var db = await ContextAsync();
        (await db.JdeDispatches.Where(d => d.Key == key).ExecuteUpdateAsync(s => s.SetProperty(d => d.State, state))).Should().Be(1);
    }

    private Task<BakeryOpsDbContext> ContextAsync() =>
        Services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>().CreateDbContextAsync();
}

/// <summary>Today's usage and waste through the pivot engine: a usage and a waste grow their category by their sizes.</summary>
public abstract class UsageTodayReaderTests<TFixture>(TFixture fixture) where TFixture : PortalFixture
{
    [Fact]
    public async Task ReadUsageTodayAsync_WhenAUsageAndAWasteAreRecorded_ThenTheirCategoryGrowsByTheirMagnitudes()
    {
        var reader = fixture.Services.GetRequiredService<DashboardReader>();
        var inventory = fixture.Services.GetRequiredService<InventoryService>();
        await new CardexSyncDriver(fixture).LoadSampleDataAsync();
        var category = (await inventory.GetProductAsync(CardexSyncDriver.Facility, CardexSyncDriver.Flour, CancellationToken.None)).ProductCategory;
        var before = (await reader.ReadUsageTodayAsync(null, "UTC", CancellationToken.None)).Categories.SingleOrDefault(c => c.Category == category)
            ?? new CategoryUsage(category, 0m, 0m);

        await inventory.RecordAdjustmentsAsync(CardexSyncDriver.Facility,
            [new AdjustmentInput(CardexSyncDriver.Flour, 2.25m, "KG", "USAGE"), new AdjustmentInput(CardexSyncDriver.Flour, 0.5m, "KG", "WASTE"),
                new AdjustmentInput(CardexSyncDriver.Flour, 7m, "KG", "RECEIPT")],
            isArray: true, "tester", CancellationToken.None);
        var after = await reader.ReadUsageTodayAsync(null, "UTC", CancellationToken.None);

        after.TimeZone.Should().Be("UTC");
        after.Categories.Should().ContainSingle(c => c.Category == category)
            .Which.Should().Be(new CategoryUsage(category, before.Usage + 2.25m, before.Waste + 0.5m), "a receipt is neither");
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteDashboardReaderTests(SqlitePortalFixture fixture)
    : DashboardReaderTests<SqlitePortalFixture>(fixture), IClassFixture<SqlitePortalFixture>;

[Trait("Category", "Postgres")]
public sealed class PostgresDashboardReaderTests(PostgresPortalFixture fixture)
    : DashboardReaderTests<PostgresPortalFixture>(fixture), IClassFixture<PostgresPortalFixture>;

[Trait("Category", "Sqlite")]
public sealed class SqliteUsageTodayReaderTests(SqlitePortalFixture fixture)
    : UsageTodayReaderTests<SqlitePortalFixture>(fixture), IClassFixture<SqlitePortalFixture>;

[Trait("Category", "Postgres")]
public sealed class PostgresUsageTodayReaderTests(PostgresPortalFixture fixture)
    : UsageTodayReaderTests<PostgresPortalFixture>(fixture), IClassFixture<PostgresPortalFixture>;
