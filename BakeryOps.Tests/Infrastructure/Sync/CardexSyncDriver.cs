using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Sync;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Infrastructure.Inventory.SampleData;
using BakeryOps.Infrastructure.Jde.Client;
using BakeryOps.Infrastructure.Jde.Simulator;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;
using DuckDB.NET.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Infrastructure.Sync;

/// <summary>
/// Drives the cardex sync of a running portal the way its job does (a recorded run), posts to its JD Edwards simulator
/// over HTTP as a JD Edwards user would, and reads what the sync wrote.
/// </summary>
public sealed class CardexSyncDriver(PortalFixture fixture)
{
    public const string Facility = "default_facility";
    public const string Flour = "prod_1110_60001";
    public const string Eggs = "prod_1110_60024";

    private IServiceProvider Services => fixture.Services;

    public Task LoadSampleDataAsync() =>
        Services.GetRequiredService<SampleDataLoader>().LoadAsync(Facility, CancellationToken.None);

    public async Task<SyncRunView> RunAsync(CardexSyncMode mode = CardexSyncMode.Incremental, string facility = Facility)
    {
        var sync = Services.GetRequiredService<CardexSync>();
        var run = await Services.GetRequiredService<SyncRunRecorder>().RunAsync(
            CardexSync.Job, "test", facility, (handle, ct) => sync.RunAsync(facility, mode, handle, ct), CancellationToken.None);
        run.Error.Should().BeNull();
        run.Status.Should().Be("succeeded");
        return run;
    }

    /// <summary>
    /// Posts one line through AIS (IA or II, as any AIS caller could) with an explanation that is not the bakery's own
    /// <c>BKO </c> prefix, and returns the document number.
    /// </summary>
    public async Task<long> PostAsync(string item, decimal quantity, string unit, string? lot = null, string documentType = "IA",
        string explanation = "Counted in JDE", DateOnly? transactionDate = null)
    {
        await WaitPastTheLinkAsync();
        using var scope = Services.CreateScope();
        var client = scope.ServiceProvider.GetRequiredService<JdeAisClient>();
        var date = transactionDate ?? DateOnly.FromDateTime(DateTime.UtcNow);
        var receipt = await client.PostAdjustmentAsync(new JdeAdjustmentPosting(
            "1110", documentType, explanation, date, date, [new JdeAdjustmentPostingLine(item, quantity, unit, lot)]));
        return receipt.DocumentNumber;
    }

    /// <summary>
    /// A transaction a JD Edwards user enters in JDE itself (a PO receipt OV, a count PI, any document type), written
    /// into the simulator's ledger and journal as JDE would write it.
    /// </summary>
    public async Task<long> RecordInJdeAsync(string item, decimal quantity, string unit, string documentType, string? lot = null,
        string explanation = "Entered in JDE", DateOnly? transactionDate = null)
    {
        await WaitPastTheLinkAsync();
        var date = transactionDate ?? DateOnly.FromDateTime(DateTime.UtcNow);
        var result = Services.GetRequiredService<JdeSimulatorState>().RecordTransaction(new JdeAdjustmentRequest(
            "1110", documentType, explanation, date, date, [new JdeAdjustmentLine(item, quantity, unit, lot)]));
        result.Errors.Should().BeEmpty();
        await Services.GetRequiredService<JdeSimulatorSnapshot>().SaveAsync(CancellationToken.None);
        return result.Posting!.DocumentNumber;
    }

    public Task<ProductView> ProductAsync(string productId) =>
        Services.GetRequiredService<InventoryService>().GetProductAsync(Facility, productId, CancellationToken.None);

    /// <summary>
    /// JD Edwards writes times to the second (TDAY), and a row written in the second of the facility's link counts as
    /// baseline; a test that posts right after the portal started waits for the next second.
    /// </summary>
    private async Task WaitPastTheLinkAsync()
    {
        await using var db = await Context();
        var linked = await db.Facilities.Where(f => f.Id == Facility).Select(f => f.JdeLinkedAt).SingleAsync();
        var firstCountedSecond = linked!.Value.UtcDateTime.AddTicks(-(linked.Value.UtcDateTime.Ticks % TimeSpan.TicksPerSecond)).AddSeconds(1);
        // Timers may fire a little early against the wall clock: wait until the clock itself says so.
        while (DateTime.UtcNow < firstCountedSecond)
        {
            await Task.Delay(firstCountedSecond - DateTime.UtcNow + TimeSpan.FromMilliseconds(5));
        }
    }

    public async Task<decimal> OnHandAsync(string productId) =>
        (await Services.GetRequiredService<InventoryService>().GetProductAsync(Facility, productId, CancellationToken.None)).OnHand.Amount;

    public async Task<List<JdeCardexEntry>> MirrorOfDocumentAsync(long documentNumber)
    {
        await using var db = await Context();
        return await db.JdeCardex.AsNoTracking().Where(e => e.FacilityId == Facility && e.DocumentNumber == documentNumber).ToListAsync();
    }

    public async Task<SyncRunView> RunExpectingFailureAsync()
    {
        var sync = Services.GetRequiredService<CardexSync>();
        var run = await Services.GetRequiredService<SyncRunRecorder>().RunAsync(
            CardexSync.Job, "test", Facility, (handle, ct) => sync.RunAsync(Facility, CardexSyncMode.Incremental, handle, ct), CancellationToken.None);
        run.Status.Should().Be("failed");
        return run;
    }

    public async Task<List<long>> MirroredUkidsAsync()
    {
        await using var db = await Context();
        return await db.JdeCardex.Where(e => e.FacilityId == Facility).Select(e => e.Ukid).ToListAsync();
    }

    /// <summary>Every ledger row JD Edwards holds for the facility's branch, as the simulator keeps them.</summary>
    public IReadOnlyList<long> LedgerUkidsOfTheBranch() =>
        Services.GetRequiredService<JdeSimulatorState>().QueryLedger("1110", DateOnly.MinValue, int.MaxValue).Rows.Select(r => r.Ukid).ToList();

    /// <summary>The outcomes DuckDB reads for one run from the folder lake's <c>cardex_changes</c> Parquet files.</summary>
    public async Task<Dictionary<string, long>> LakeOutcomesOfRunAsync(Guid runId)
    {
        var files = Path.Combine(fixture.Factory.DataDirectory, "lake", "jde-ingestion", CardexChangeRecord.Dataset);
        await using var duck = new DuckDBConnection("Data Source=:memory:");
        await duck.OpenAsync();
        await using var command = duck.CreateCommand();
        command.CommandText = $"SELECT outcome, count(*) FROM read_parquet('{files}/**/*.parquet', hive_partitioning=true) WHERE run_id = '{runId}' GROUP BY outcome";
        await using var reader = await command.ExecuteReaderAsync();
        var outcomes = new Dictionary<string, long>();
        while (await reader.ReadAsync())
        {
            outcomes[reader.GetString(0)] = reader.GetInt64(1);
        }

        return outcomes;
    }

    /// <summary>Retries open quarantine rows of a reason (all when null), as a recorded run.</summary>
    public async Task<SyncRunView> RetryAsync(QuarantineReason? reason = null, IReadOnlyCollection<Guid>? ids = null)
    {
        var sync = Services.GetRequiredService<CardexSync>();
        var run = await Services.GetRequiredService<SyncRunRecorder>().RunAsync(
            CardexSync.Job, "test retry", Facility, (handle, ct) => sync.RetryQuarantinedAsync(Facility, ids, reason, handle, ct), CancellationToken.None);
        run.Error.Should().BeNull();
        return run;
    }

    public async Task UpdateProductAsync(string productId, Func<ProductInput, ProductInput> change)
    {
        var inventory = Services.GetRequiredService<InventoryService>();
        var product = await inventory.GetProductAsync(Facility, productId, CancellationToken.None);
        await inventory.UpdateProductAsync(Facility, productId, change(product.ToInput()), product.Version, CancellationToken.None);
    }

    public async Task<QuarantinedLedgerRow> QuarantineOfAsync(long ukid)
    {
        await using var db = await Context();
        return await db.SyncQuarantine.AsNoTracking().SingleAsync(q => q.FacilityId == Facility && q.Ukid == ukid);
    }

    public async Task<decimal> BatchOnHandAsync(string productId, string batchNumber)
    {
        await using var db = await Context();
        return await db.Batches.Where(b => b.ProductId == productId && b.BatchNumber == batchNumber).Select(b => b.QuantityOnHand).SingleAsync();
    }

    public async Task<Movement> MovementOfAsync(JdeCardexEntry entry)
    {
        await using var db = await Context();
        return await db.Movements.AsNoTracking().SingleAsync(m => m.Id == entry.MovementId);
    }

    public async Task<int> MovementsOfLedgerKeyAsync(long ukid)
    {
        await using var db = await Context();
        var key = ukid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await db.Movements.CountAsync(m => m.FacilityId == Facility && m.JdeLedgerKey == key);
    }

    public async Task<int> JdeMovementCountAsync()
    {
        await using var db = await Context();
        return await db.Movements.CountAsync(m => m.FacilityId == Facility && m.Source == MovementSource.Jde);
    }

    private Task<BakeryOpsDbContext> Context() =>
        Services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>().CreateDbContextAsync();
}
