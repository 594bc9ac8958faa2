using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Infrastructure.Reconciliation;
using BakeryOps.Portal.Components.Pages.Reconciliation;
using BakeryOps.Tests.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Portal.Components;

/// <summary>
/// The whole JDE vs Bakery report a prerendered page starts for its circuit: taken once, for the same query only, and
/// dropped when the facility's stock changes before the circuit takes it (the circuit then computes afresh).
/// </summary>
[Trait("Category", "Sqlite")]
public sealed class ReportHandOverTests(SqlitePortalFixture fixture) : IClassFixture<SqlitePortalFixture>, IAsyncLifetime
{
    private const string Facility = CardexSyncDriver.Facility;
    private readonly CardexSyncDriver _sync = new(fixture);

    private ReportHandOver HandOver => fixture.Services.GetRequiredService<ReportHandOver>();

    public async Task InitializeAsync()
    {
        await _sync.LoadSampleDataAsync();
        await _sync.RunAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Take_WhenStartedForTheSameQuery_ThenTheWholeReportOnceAndNothingForAnotherQuery()
    {
        var query = new ReconciliationQuery();
        var id = HandOver.Start(Facility, query);
        var taken = HandOver.Take(id, query);

        taken.Should().NotBeNull();
        var report = await taken!;
        var computed = await fixture.Services.GetRequiredService<ReconciliationService>().GetAsync(Facility, query, CancellationToken.None);
        report.Rows.Should().Equal(computed.Rows);
        report.Totals.Should().Equal(computed.Totals);
        HandOver.Take(id, query).Should().BeNull("an entry is taken once");

        var other = HandOver.Start(Facility, query);
        HandOver.Take(other, query with { Status = "Variance" }).Should().BeNull("the circuit's filters differ from what was started");
        HandOver.Take(other, query).Should().BeNull("an entry asked for with other filters is dropped");
    }

    [Fact]
    public async Task Take_WhenTheStockChangedMeanwhile_ThenNothingSoTheCircuitComputesAfresh()
    {
        var query = new ReconciliationQuery();
        var id = HandOver.Start(Facility, query);

        await fixture.Services.GetRequiredService<InventoryService>().RecordAdjustmentsAsync(Facility,
            [new AdjustmentInput(CardexSyncDriver.Flour, -1m, "KG", "TRANSFER")], isArray: false, "someone else", CancellationToken.None);

        HandOver.Take(id, query).Should().BeNull("the report started before the movement no longer holds");
    }
}
