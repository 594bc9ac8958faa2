using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Reconciliation;
using BakeryOps.Portal.Components.Pages.Reconciliation;
using BakeryOps.Tests.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using static BakeryOps.Tests.TestInfrastructure.PortalTestContext;

namespace BakeryOps.Tests.Portal.Components;

/// <summary>
/// The JDE vs Bakery page over a running portal's services: viewers read only, the search and the lots switch narrow
/// the lines, a line opens its drill-down, and a movement recorded elsewhere updates the page over the circuit.
/// </summary>
public abstract class JdeVsBakeryPageTests(SqlitePortalFixture fixture) : IAsyncLifetime
{
    private readonly CardexSyncDriver _sync = new(fixture);
    private protected readonly PortalTestContext _ctx = new();
    private protected SqlitePortalFixture Fixture => fixture;

    public async Task InitializeAsync()
    {
        foreach (var service in new[] { typeof(ReconciliationRunner), typeof(SyncRunCatalog), typeof(SyncRunNotifications), typeof(StockNotifications), typeof(InventoryService), typeof(ReportHandOver) })
        {
            _ctx.Services.AddSingleton(service, fixture.Services.GetRequiredService(service));
        }

        _ctx.Services.AddTransient(_ => fixture.Services.GetRequiredService<ReconciliationService>());
        await _sync.LoadSampleDataAsync();
        await _sync.RunAsync();
        await fixture.Services.GetRequiredService<ReconciliationRunner>().RunNowAsync(CardexSyncDriver.Facility, "test", CancellationToken.None);
    }

    public async Task DisposeAsync() => await _ctx.DisposeAsync();
}

/// <summary>A viewer's page: narrowed by the search, updated live by a movement recorded elsewhere.</summary>
[Trait("Category", "Sqlite")]
public sealed class JdeVsBakeryViewerPageTests(SqlitePortalFixture fixture) : JdeVsBakeryPageTests(fixture), IClassFixture<SqlitePortalFixture>
{
    [Fact]
    public async Task Page_WhenAViewerSearchesAndAMovementIsRecordedElsewhere_ThenNarrowedLinesUpdateLiveWithoutAReconcileButton()
    {
        _ctx.SignIn("viewer", Roles.Viewer);
        _ctx.StartCircuit();
        var cut = _ctx.Render<JdeVsBakery>();
        cut.WaitForElement("tr.comparison-row", Wait);

        cut.FindAll("#reconcile-now").Should().BeEmpty("viewers read only");
        cut.Find(".comparison-total[data-status='Match']").TextContent.Should().Contain("Match: 19");
        await cut.Find("#filter-search").InputAsync(new ChangeEventArgs { Value = "B_FLOUR_T55" });
        cut.WaitForAssertion(() => cut.FindAll("tr.comparison-row").Should().ContainSingle(), Wait);

        await Fixture.Services.GetRequiredService<InventoryService>().RecordAdjustmentsAsync(CardexSyncDriver.Facility,
            // A transfer out is not posted to JD Edwards (Dispatch:MovementTypes): a real variance, not stock in flight.
            [new AdjustmentInput(CardexSyncDriver.Flour, -1m, "KG", "TRANSFER")], isArray: false, "someone else", CancellationToken.None);

        cut.WaitForAssertion(() => cut.Find("tr.comparison-row .row-variance").TextContent.Should().Be("-1"), Wait);
        cut.Find(".comparison-total[data-status='Variance']").TextContent.Should().Contain("Variance: 1");
    }
}

/// <summary>Inventory staff's page: a lot line's drill-down.</summary>
[Trait("Category", "Sqlite")]
public sealed class JdeVsBakeryInventoryPageTests(SqlitePortalFixture fixture) : JdeVsBakeryPageTests(fixture), IClassFixture<SqlitePortalFixture>
{
    [Fact]
    public async Task Page_WhenInventoryStaffOpenALotLine_ThenTheDrillDownShowsItsLedgerRows()
    {
        _ctx.SignIn("inventory", Roles.Inventory);
        _ctx.StartCircuit();
        var cut = _ctx.Render<JdeVsBakery>();
        cut.WaitForElement("tr.comparison-row", Wait);
        cut.FindAll("#reconcile-now").Should().ContainSingle("inventory staff may read JD Edwards again");

        await cut.Find("#filter-search").InputAsync(new ChangeEventArgs { Value = "B_EGGS_LARGE" });
        cut.WaitForAssertion(() => cut.FindAll("tr.comparison-row").Should().ContainSingle().Which.QuerySelector(".row-lot")!.TextContent
            .Should().Be("L2511-EGG-01"), Wait);
        await cut.Find("tr.comparison-row").ClickAsync(new MouseEventArgs());
        cut.WaitForAssertion(() => cut.FindAll("#drilldown-ledger .drilldown-ledger-row").Should().NotBeEmpty(), Wait);
        cut.Find("#drilldown-title").TextContent.Should().Contain("lot L2511-EGG-01");
    }
}

/// <summary>The Product history page: a product's stored snapshots as points of the chart and rows of its table.</summary>
[Trait("Category", "Sqlite")]
public sealed class ProductHistoryPageTests(SqlitePortalFixture fixture) : JdeVsBakeryPageTests(fixture), IClassFixture<SqlitePortalFixture>
{
    [Fact]
    public async Task Page_WhenTheProductHasTwoSnapshots_ThenBothArePointsAndTheSecondShowsTheVarianceAfterTheSyncRun()
    {
        await Fixture.Services.GetRequiredService<InventoryService>().RecordAdjustmentsAsync(CardexSyncDriver.Facility,
            [new AdjustmentInput(CardexSyncDriver.Flour, -4m, "KG", "TRANSFER")], isArray: false, "baker", CancellationToken.None);
        await Fixture.Services.GetRequiredService<ReconciliationRunner>().RunNowAsync(CardexSyncDriver.Facility, "test", CancellationToken.None);
        _ctx.SignIn("viewer", Roles.Viewer);
        _ctx.StartCircuit();

        var navigation = _ctx.Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(navigation.GetUriWithQueryParameters("product-history",
            new Dictionary<string, object?> { ["facility"] = CardexSyncDriver.Facility, ["product"] = CardexSyncDriver.Flour }));
        var cut = _ctx.Render<ProductHistory>();

        cut.WaitForAssertion(() => cut.FindAll("tr.history-point").Should().HaveCount(2), Wait);
        cut.FindAll("tr.history-point").Select(r => r.GetAttribute("data-status")).Should().Equal("Match", "Variance");
        cut.FindAll("tr.history-point")[0].TextContent.Should().Contain("succeeded", "the first snapshot follows the cardex run");
        cut.Find("#history-chart").Should().NotBeNull();
    }
}
