using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Inventory;
using BakeryOps.Infrastructure.Jde.Simulator;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BakeryOps.Tests.Infrastructure.Sync;

/// <summary>
/// A full-history bootstrap applies every ledger row JD Edwards holds for the branch to a facility without movements,
/// so its stock equals JD Edwards' balance item by item and lot by lot; a facility with movements is refused.
/// </summary>
public abstract class CardexBootstrapTests<TFixture>(TFixture fixture) where TFixture : PortalFixture
{
    private readonly CardexSyncDriver _sync = new(fixture);

    [Fact]
    public async Task FullHistory_WhenTheFacilityHasNoMovements_ThenItsStockEqualsJdeBalancesByItemAndLot()
    {
        const string Empty = "bootstrap_whole";
        await _sync.LoadSampleDataAsync();
        await CreateEmptyFacilityWithTheSampleProductsAsync(Empty);
        var state = fixture.Services.GetRequiredService<JdeSimulatorState>();
        fixture.Services.GetRequiredService<IOptions<SyncOptions>>().Value.HistoryStart = state.StartDate.AddYears(-3);

        var run = await RunAsync(CardexSyncMode.FullHistory, Empty);

        run.Status.Should().Be("succeeded", run.Error);
        run.Counts.GetValueOrDefault(CardexSyncCounts.Baseline).Should().Be(0);
        run.Counts.GetValueOrDefault(CardexSyncCounts.Quarantined).Should().Be(0);
        await ExpectStockEqualsJdeBalancesAsync(state, Empty);
    }

    [Fact]
    public async Task FullHistory_WhenStoppedPartWayAndGoneOnIncrementally_ThenItsStockStillEqualsJdeBalances()
    {
        const string Empty = "bootstrap_resumed";
        await _sync.LoadSampleDataAsync();
        await CreateEmptyFacilityWithTheSampleProductsAsync(Empty);
        var state = fixture.Services.GetRequiredService<JdeSimulatorState>();
        var settings = fixture.Services.GetRequiredService<IOptions<SyncOptions>>().Value;
        settings.HistoryStart = state.StartDate.AddYears(-3);
        var batchRows = settings.BatchRows;
        settings.BatchRows = 5;
        var faults = fixture.Services.GetRequiredService<JdeSimulatorFaults>();
        faults.Latency = TimeSpan.FromMilliseconds(150);
        var runner = fixture.Services.GetRequiredService<CardexSyncRunner>();
        try
        {
            var id = await runner.StartAsync(Empty, CardexSyncMode.FullHistory, "test", CancellationToken.None);
            await WaitAsync(async () => (await RunOfAsync(id)).Counts.GetValueOrDefault(CardexSyncCounts.Applied) > 0);
            runner.Cancel(id).Should().BeTrue();
            await WaitAsync(async () => (await RunOfAsync(id)).Status != "running");
            var stopped = await RunOfAsync(id);
            stopped.Status.Should().Be("cancelled");
            stopped.Counts[CardexSyncCounts.Applied].Should().BeLessThan(state.QueryLedger("1110", DateOnly.MinValue, int.MaxValue).Rows.Count,
                "the run stopped part way");
        }
        finally
        {
            faults.Latency = TimeSpan.Zero;
            settings.BatchRows = batchRows;
        }

        var refused = await RunAsync(CardexSyncMode.FullHistory, Empty);
        var resumed = await RunAsync(CardexSyncMode.Incremental, Empty);

        refused.Error.Should().Contain("goes on with an incremental run");
        resumed.Status.Should().Be("succeeded", resumed.Error);
        resumed.Counts.GetValueOrDefault(CardexSyncCounts.Baseline).Should().Be(0);
        await ExpectStockEqualsJdeBalancesAsync(state, Empty);
    }

    [Fact]
    public async Task FullHistory_WhenTheFacilityHasMovements_ThenRefusedAndNothingRuns()
    {
        await _sync.LoadSampleDataAsync();

        var run = await RunAsync(CardexSyncMode.FullHistory, CardexSyncDriver.Facility);

        run.Status.Should().Be("failed");
        run.Error.Should().Contain("already has movements");
        run.Counts.Should().NotContainKey(CardexSyncCounts.Read);
    }

    private async Task ExpectStockEqualsJdeBalancesAsync(JdeSimulatorState state, string facility)
    {
        var balances = state.GetBalances("1110");
        balances.Should().NotBeEmpty();
        await using var db = await fixture.Services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>().CreateDbContextAsync();
        var products = await db.Products.AsNoTracking().Where(p => p.FacilityId == facility).ToListAsync();
        var batches = await db.Batches.AsNoTracking().Where(b => b.FacilityId == facility).ToListAsync();
        foreach (var item in balances.GroupBy(b => b.Itm))
        {
            var product = products.Single(p => p.JdeShortItemNumber == item.Key);
            QuantityConverter.TryConvert(item.Sum(b => b.Quantity), item.First().Unit, product.InventoryUnit, product.Conversions, out var expected, out _)
                .Should().BeTrue();
            product.OnHand.Should().Be(expected, "item {0} ({1})", item.Key, item.First().Litm);
            foreach (var lot in item.Where(b => b.Lotn.Length > 0))
            {
                QuantityConverter.TryConvert(lot.Quantity, lot.Unit, product.InventoryUnit, product.Conversions, out var inLot, out _).Should().BeTrue();
                batches.Single(b => b.ProductId == product.Id && b.BatchNumber == lot.Lotn).QuantityOnHand.Should().Be(inLot, "lot {0}", lot.Lotn);
            }
        }
    }

    private async Task<SyncRunView> RunOfAsync(Guid id) =>
        await fixture.Services.GetRequiredService<SyncRunCatalog>().GetRunAsync(id, CancellationToken.None);

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the run should get there");
            await Task.Delay(50);
        }
    }

    private Task<SyncRunView> RunAsync(CardexSyncMode mode, string facility)
    {
        var sync = fixture.Services.GetRequiredService<CardexSync>();
        return fixture.Services.GetRequiredService<SyncRunRecorder>().RunAsync(
            CardexSync.Job, "test", facility, (handle, ct) => sync.RunAsync(facility, mode, handle, ct), CancellationToken.None);
    }

    /// <summary>A new facility on branch 1110 with the sample bakery's products (their JDE links and conversions) and no stock.</summary>
    private async Task CreateEmptyFacilityWithTheSampleProductsAsync(string facility)
    {
        await using var db = await fixture.Services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>().CreateDbContextAsync();

        var now = DateTimeOffset.UtcNow;
        db.Facilities.Add(new Facility { Id = facility, Name = "Bootstrap", JdeBusinessUnit = "1110", JdeLinkedAt = now, CreatedAt = now, UpdatedAt = now });
        var samples = await db.Products.AsNoTracking().Where(p => p.FacilityId == CardexSyncDriver.Facility).ToListAsync();
        db.Products.AddRange(samples.Select(p => new Product
        {
            Id = facility + "_" + p.Id, FacilityId = facility, ProductName = p.ProductName, InventoryUnit = p.InventoryUnit, ProductCategory = p.ProductCategory,
            JdeShortItemNumber = p.JdeShortItemNumber, JdeSecondItemNumber = p.JdeSecondItemNumber, JdeBranchPlant = p.JdeBranchPlant,
            Conversions = p.Conversions, CreatedAt = now, UpdatedAt = now,
        }));
        await db.SaveChangesAsync();
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteCardexBootstrapTests(SqlitePortalFixture fixture)
    : CardexBootstrapTests<SqlitePortalFixture>(fixture), IClassFixture<SqlitePortalFixture>;

[Trait("Category", "Postgres")]
public sealed class PostgresCardexBootstrapTests(PostgresPortalFixture fixture)
    : CardexBootstrapTests<PostgresPortalFixture>(fixture), IClassFixture<PostgresPortalFixture>;
