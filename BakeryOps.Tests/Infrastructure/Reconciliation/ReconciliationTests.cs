using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BakeryOps.Domain.Reconciliation;
using BakeryOps.Domain.Jobs;
using BakeryOps.Domain.Paging;
using BakeryOps.Infrastructure.Dispatch;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Reconciliation;
using BakeryOps.Tests.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Infrastructure.Reconciliation;

/// <summary>
/// The reconciliation of the sample bakery against the portal's simulator over HTTP, from the first sync on: all
/// matches, a bakery-only usage is a variance of exactly its quantity, a JD Edwards receipt applied by the sync still
/// matches, and a ledger row missing from the mirror shows as ledger drift. One scenario per class: it needs the
/// facility's very first run.
/// </summary>
public abstract class ReconciliationTests<TFixture>(TFixture fixture) where TFixture : PortalFixture
{
    private const string Facility = CardexSyncDriver.Facility;
    private readonly CardexSyncDriver _sync = new(fixture);
    private IServiceProvider Services => fixture.Services;

    [Fact]
    public async Task FirstSyncThenChanges_WhenEachSideMoves_ThenStatusesFollowAndTheSnapshotsAreStored()
    {
        await _sync.LoadSampleDataAsync();
        var first = await _sync.RunAsync();
        var snapshot = await SnapshotAfterAsync(first.Id);
        snapshot.Counts.GetValueOrDefault("rows").Should().BePositive();

        var report = await ReportAsync();
        report.Source.Should().Be(BalanceSource.ItemBalance);
        report.BalancePulledAt.Should().NotBeNull();
        report.Rows.Should().OnlyContain(r => r.Status == "Match", "the sample bakery's stock is JD Edwards' opening balance");
        report.Rows.Select(r => r.ShortItemNumber).Distinct().Should().HaveCount(19, "branch 1110 stocks 19 items");
        report.Rows.Should().OnlyContain(r => r.JdeQuantity == r.BakeryQuantity && !r.LedgerDrift);
        var eggs = report.Rows.Where(r => r.ProductId == CardexSyncDriver.Eggs).ToList();
        eggs.Should().NotBeEmpty().And.OnlyContain(r => r.Unit == "EA", "JD Edwards counts cases of 360; the bakery counts eggs");
        eggs.Sum(r => r.JdeQuantity).Should().Be(await _sync.OnHandAsync(CardexSyncDriver.Eggs));

        using var client = fixture.CreateClient();
        client.WithBearer(await client.GetTokenAsync("admin", PortalFactory.AdminPassword));
        var all = await client.GetFromJsonAsync<JsonElement>($"/data/joined_df3?facility={Facility}&size=1000");
        var lines = all.EnumerateArray().ToList();
        lines.Should().OnlyContain(l => l.GetProperty("status").GetString() == "Match"
            && l.GetProperty("jde_quantity").GetDecimal() == l.GetProperty("bakery_ops_quantity").GetDecimal());
        lines.Select(l => l.GetProperty("ITM").GetInt32()).Distinct().Should().HaveCount(19);
        lines.Should().Contain(l => l.GetProperty("productId").GetString() == CardexSyncDriver.Eggs
            && l.GetProperty("unit").GetString() == "EA" && l.GetProperty("jde_quantity").GetDecimal() == 1440m, "4 CS of 360 eggs");

        await Services.GetRequiredService<InventoryService>().RecordAdjustmentsAsync(Facility,
            [new AdjustmentInput(CardexSyncDriver.Flour, 2.5m, "KG", "USAGE", AdjustmentDate: DateTimeOffset.UtcNow)],
            isArray: false, "tester", CancellationToken.None);

        report = await ReportAsync();
        var travelling = report.Rows.Should().ContainSingle(r => r.ProductId == CardexSyncDriver.Flour).Subject;
        travelling.Status.Should().Be("Match", "the usage is on its way to JD Edwards: a posting waiting for review is in flight, not a variance");
        travelling.BakeryInFlight.Should().Be(-2.5m);
        var dispatch = Services.GetRequiredService<DispatchService>();
        var pending = await dispatch.ListAsync(new DispatchQuery(Facility, "pending"), new PageRequest(0, 100), CancellationToken.None);
        var action = pending.Items.Should().ContainSingle("one posting per movement").Subject;
        (action.InventoryQuantity, action.Quantity, action.Unit, action.DocumentType).Should().Be((-2.5m, 2.5m, "KG", "II"));
        (await dispatch.RejectAsync([action.Key], "Counted twice; the flour was not used", "planner", CancellationToken.None))
            .Should().ContainSingle().Which.Success.Should().BeTrue();

        report = await ReportAsync();
        var flour = report.Rows.Should().ContainSingle(r => r.ProductId == CardexSyncDriver.Flour).Subject;
        flour.Status.Should().Be("Variance");
        flour.Variance.Should().Be(-2.5m);
        flour.Unit.Should().Be("KG");
        report.Rows.Where(r => r.ProductId != CardexSyncDriver.Flour).Should().OnlyContain(r => r.Status == "Match");

        await _sync.RecordInJdeAsync("B_FLOUR_T65", 50m, "KG", "OV", explanation: "PO 4712 received");
        var second = await _sync.RunAsync();
        second.Counts.GetValueOrDefault("applied").Should().Be(1);
        await SnapshotAfterAsync(second.Id);

        report = await ReportAsync();
        report.Rows.Should().ContainSingle(r => r.SecondItemNumber == "B_FLOUR_T65").Which.Status.Should().Be("Match",
            "the receipt is in JD Edwards' balance and, applied by the sync, in the bakery's stock");
        report.Rows.Where(r => r.ProductId != CardexSyncDriver.Flour).Should().OnlyContain(r => r.Status == "Match" && !r.LedgerDrift);

        await using (var db = await Services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>().CreateDbContextAsync())
        {
            var removed = await db.JdeCardex.Where(e => e.FacilityId == Facility && e.SecondItemNumber == "B_SUGAR_CASTER")
                .OrderBy(e => e.Ukid).FirstAsync();
            db.JdeCardex.Remove(removed);
            await db.SaveChangesAsync();
        }

        report = await ReportAsync();
        report.Rows.Should().Contain(r => r.SecondItemNumber == "B_SUGAR_CASTER" && r.LedgerDrift, "the mirror lost a ledger row JD Edwards' balance holds");
        report.LedgerDrifts.Should().Be(report.Rows.Count(r => r.LedgerDrift)).And.BePositive();

        await using (var db = await Services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>().CreateDbContextAsync())
        {
            (await db.ReconciliationRuns.CountAsync(r => r.FacilityId == Facility)).Should().Be(2, "one snapshot after each sync run");
        }

        var history = await Services.GetRequiredService<ReconciliationService>().HistoryAsync(Facility, CardexSyncDriver.Flour, CancellationToken.None);
        history.Points.Should().HaveCount(2);
        history.Points[^1].Status.Should().Be("Variance");
        history.SyncRuns.Select(r => r.Id).Should().Contain(second.Id);

        var lake = await Services.GetRequiredService<SyncRunCatalog>().GetRunAsync(snapshot.Id, CancellationToken.None);
        lake.Counts.GetValueOrDefault("lakeRows").Should().Be(snapshot.Counts["rows"], "the snapshot is written to the reconciliation dataset");

        using var page = await client.GetAsync("/data/joined_df3?status=Variance");
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Headers.GetValues("X-Total-Count").Should().Equal("1");
        var rows = await page.Content.ReadFromJsonAsync<JsonElement>();
        var row = rows.EnumerateArray().Should().ContainSingle().Subject;
        row.GetProperty("ITM").GetInt32().Should().Be(60001);
        row.GetProperty("LITM").GetString().Should().Be("B_FLOUR_T55");
        row.GetProperty("MCU").GetString().Should().Be("1110");
        row.GetProperty("productName").GetString().Should().NotBeNullOrEmpty();
        row.GetProperty("variance").GetDecimal().Should().Be(-2.5m);
        row.GetProperty("jde_quantity").GetDecimal().Should().Be(row.GetProperty("bakery_ops_quantity").GetDecimal() + 2.5m);
        row.GetProperty("status").GetString().Should().Be("Variance");
    }

    private Task<ReconciliationReport> ReportAsync() =>
        Services.GetRequiredService<ReconciliationService>().GetAsync(Facility, new ReconciliationQuery(), CancellationToken.None);

    /// <summary>The snapshot started by a successful cardex run, once it has finished.</summary>
    private async Task<SyncRunView> SnapshotAfterAsync(Guid cardexRun)
    {
        var catalog = Services.GetRequiredService<SyncRunCatalog>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var runs = await catalog.ListRunsAsync(ReconciliationService.Job, null, Facility, 0, 50, CancellationToken.None);
            if (runs.Items.FirstOrDefault(r => r.Trigger == $"after cardex run {cardexRun}") is { } run
                && run.Status != SyncRunStatuses.Name(SyncRunStatus.Running))
            {
                run.Error.Should().BeNull();
                run.Status.Should().Be("succeeded");
                return run;
            }

            DateTime.UtcNow.Should().BeBefore(deadline, $"a reconciliation should follow cardex run {cardexRun}");
            await Task.Delay(100);
        }
    }
}

/// <summary>A portal that takes a snapshot after each successful cardex run, as a production portal does.</summary>
public sealed class SqliteReconciliationFixture : PortalFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } =
        new Dictionary<string, string?> { ["Reconciliation:SnapshotAfterSync"] = "true" };
}

/// <inheritdoc cref="SqliteReconciliationFixture"/>
public sealed class PostgresReconciliationFixture : PortalFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } =
        new Dictionary<string, string?> { ["Reconciliation:SnapshotAfterSync"] = "true" };
}

[Trait("Category", "Sqlite")]
public sealed class SqliteReconciliationTests(SqliteReconciliationFixture fixture)
    : ReconciliationTests<SqliteReconciliationFixture>(fixture), IClassFixture<SqliteReconciliationFixture>;

[Trait("Category", "Postgres")]
public sealed class PostgresReconciliationTests(PostgresReconciliationFixture fixture)
    : ReconciliationTests<PostgresReconciliationFixture>(fixture), IClassFixture<PostgresReconciliationFixture>;
