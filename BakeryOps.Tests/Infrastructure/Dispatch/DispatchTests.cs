using System.Net.Http.Json;
using System.Text.Json;
using BakeryOps.Domain.Dispatch;
using BakeryOps.Domain.Paging;
using BakeryOps.Infrastructure.Dispatch;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Infrastructure.Jde.Simulator;
using BakeryOps.Infrastructure.Lake.Outbox;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Reconciliation;
using BakeryOps.Tests.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;
using DuckDB.NET.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Infrastructure.Dispatch;

/// <summary>
/// Bakery → JD Edwards against the portal's simulator over HTTP: one posting per movement, and every approved posting
/// in the simulator's ledger exactly once whatever goes wrong on the way (answers lost after JD Edwards wrote the
/// document, connections reset, HTML 500s, a relay that stopped between claim and record, two relays at once); the
/// sync then confirms them and the reconciliation matches. The test reads the simulator's ledger, not the portal's rows.
/// </summary>
public abstract class DispatchTests<TFixture>(TFixture fixture) where TFixture : PortalFixture
{
    private const string Facility = CardexSyncDriver.Facility;
    private const string Adjustments = "JDE_INVENTORY_ADJUSTMENTS";
    private readonly CardexSyncDriver _sync = new(fixture);
    private IServiceProvider Services => fixture.Services;

    [Fact]
    public async Task Postings_WhenFaultsHitEveryStep_ThenEachIsInJdeOnceAndTheReconciliationMatches()
    {
        await _sync.LoadSampleDataAsync();
        (await _sync.RunAsync()).Status.Should().Be("succeeded");
        await Task.Delay(1100); // movements dated after the link (second precision in some stores)
        var inventory = Services.GetRequiredService<InventoryService>();
        var dispatch = Services.GetRequiredService<DispatchService>();

        // A usage of an ingredient with three batches, recorded without a batch: one posting of the whole quantity.
        var flour = await _sync.ProductAsync(CardexSyncDriver.Flour);
        flour.LotControlled.Should().BeFalse();
        async Task<string> RecordAsync(decimal quantity, string type, string? batch = null) =>
            (await inventory.RecordAdjustmentsAsync(Facility,
                [new AdjustmentInput(CardexSyncDriver.Flour, quantity, "KG", type, BatchNumber: batch, AdjustmentDate: DateTimeOffset.UtcNow)],
                isArray: false, "baker", CancellationToken.None))[0].Id;
        var movements = new List<string>
        {
            // Two more batches, counted in (adjustments are posted too, as IA).
            await RecordAsync(5m, "ADJUSTMENT", "B_FLOUR_T55-EXTRA-1"),
            await RecordAsync(5m, "ADJUSTMENT", "B_FLOUR_T55-EXTRA-2"),
        };
        (await _sync.ProductAsync(CardexSyncDriver.Flour)).OnHand.Batches.Should().HaveCountGreaterThanOrEqualTo(3,
            "the earlier system gave a usage's quantity to every batch of the ingredient");
        var usage = await RecordAsync(10m, "USAGE");
        movements.Add(usage);
        for (var i = 4; i <= 8; i++)
        {
            movements.Add(await RecordAsync(i, i % 3 == 0 ? "WASTE" : "USAGE"));
        }

        var actions = (await dispatch.ListAsync(new DispatchQuery(Facility, "pending"), new PageRequest(0, 100), CancellationToken.None)).Items;
        actions.Should().HaveCount(8, "one posting per movement, never one per batch");
        actions.Single(a => a.MovementId == usage).Should().Match<DispatchActionView>(a =>
            a.Quantity == 10m && a.Unit == "KG" && a.DocumentType == "II" && a.Problem == null && a.ItemNumber == "B_FLOUR_T55");
        var keys = actions.Select(a => a.Key).ToList();
        keys.Should().OnlyHaveUniqueItems().And.OnlyContain(k => k == DispatchKeys.For(Facility, actions.Single(a => a.Key == k).MovementId));

        (await dispatch.ApproveAsync(keys, "planner", CancellationToken.None)).Should().OnlyContain(r => r.Success && r.State == "approved");

        // A relay that stopped after JD Edwards wrote the document but before it recorded it; and one that stopped
        // after its claim, before it sent anything.
        var written = actions[0];
        var unsent = actions[1];
        var simulator = Services.GetRequiredService<JdeSimulatorState>();
        await using (var db = await Services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>().CreateDbContextAsync())
        {
            var row = await db.JdeDispatches.AsNoTracking().SingleAsync(d => d.Key == written.Key);
            simulator.PostAdjustment(new JdeAdjustmentRequest(row.BranchPlant, row.DocumentType, row.Explanation, row.MovementDate, row.MovementDate,
                [new JdeAdjustmentLine(row.ItemNumber, row.Quantity, row.Unit, null)])).Errors.Should().BeEmpty();
            var past = DateTimeOffset.UtcNow.AddMinutes(-10);
            await db.JdeDispatches.Where(d => d.Key == written.Key || d.Key == unsent.Key)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, DispatchState.Sending).SetProperty(d => d.ClaimedUntil, past)
                    .SetProperty(d => d.Attempts, 1).SetProperty(d => d.Stamp, Guid.NewGuid()));
        }

        var faults = Services.GetRequiredService<JdeSimulatorFaults>();
        faults.Arm(JdeFaultKind.AcceptThenFail, 2, Adjustments);
        faults.Arm(JdeFaultKind.ConnectionReset, 1, Adjustments);
        faults.Arm(JdeFaultKind.Error500Html, 1, Adjustments);

        // Two relays at once, then passes until nothing is left to send.
        var relay = Services.GetRequiredService<DispatchRelay>();
        await Task.WhenAll(relay.RunAsync("test-a", CancellationToken.None), relay.RunAsync("test-b", CancellationToken.None));
        for (var pass = 0; pass < 10 && await OpenAsync() > 0; pass++)
        {
            await relay.RunAsync("test", CancellationToken.None);
        }

        (await OpenAsync()).Should().Be(0, "every posting ends posted (read back or sent) within a few passes");
        foreach (var action in actions)
        {
            simulator.FindPostingsByExplanation(JdeDispatch.ExplanationPrefix + action.Key).Should().ContainSingle($"posting {action.Key} is in JD Edwards exactly once");
        }

        // The lake has every call made and every accepted posting exactly once, whichever path recorded it.
        await Services.GetRequiredService<LakeOutboxFlusher>().FlushAsync("test", CancellationToken.None);
        var postings = LakeQuery(FromBakeryOpsRecord.Dataset, "SELECT dispatch_key, document_number FROM data");
        postings.Select(p => (string)p[0]).Should().BeEquivalentTo(keys, "each accepted posting is in from_bakery_ops once");
        postings.Should().OnlyContain(p => p[1] is long);
        await using (var db = await Services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>().CreateDbContextAsync())
        {
            var calls = await db.JdeDispatchAttempts.CountAsync();
            LakeQuery(JdeDispatchAttemptRecord.Dataset, "SELECT count(*) FROM data").Single()[0].Should().Be((long)calls, "every call to JD Edwards is in jde_dispatches");
            LakeQuery(JdeDispatchAttemptRecord.Dataset, "SELECT count(*) FROM data WHERE kind = 'read-back' AND outcome = 'found'").Single()[0]
                .Should().Be(3L, "the posting written before its relay stopped and the two whose answers were lost were found by reading back");
        }

        var onHand = await _sync.OnHandAsync(CardexSyncDriver.Flour);
        var sync = await _sync.RunAsync();
        sync.Counts.GetValueOrDefault("confirmed").Should().Be(8);
        (await _sync.OnHandAsync(CardexSyncDriver.Flour)).Should().Be(onHand, "the postings came back with their BKO keys and were not applied again");
        sync.Counts.GetValueOrDefault("applied").Should().Be(0, "the bakery's own postings are never applied back");
        var after = (await dispatch.ListAsync(new DispatchQuery(Facility), new PageRequest(0, 100), CancellationToken.None)).Items;
        after.Should().HaveCount(8).And.OnlyContain(a => a.State == "confirmed" && a.DocumentNumber != null);

        await Services.GetRequiredService<ReconciliationRunner>().RunNowAsync(Facility, "test", CancellationToken.None);
        var report = await Services.GetRequiredService<ReconciliationService>().GetAsync(Facility, new ReconciliationQuery(), CancellationToken.None);
        report.Rows.Should().ContainSingle(r => r.ProductId == CardexSyncDriver.Flour)
            .Which.Should().Match<ReconciliationRowView>(r => r.Status == "Match" && r.BakeryInFlight == 0m && r.Variance == 0m);
        using var client = fixture.CreateClient();
        client.WithBearer(await client.GetTokenAsync("admin", PortalFactory.AdminPassword));
        var joined = await client.GetFromJsonAsync<JsonElement>($"/data/joined_df3?facility={Facility}&q=B_FLOUR_T55");
        joined.EnumerateArray().Should().ContainSingle().Which.GetProperty("status").GetString().Should().Be("Match");
    }

    private List<object[]> LakeQuery(string dataset, string sql)
    {
        var files = Path.Combine(fixture.Factory.DataDirectory, "lake", "jde-ingestion", dataset);
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        using var command = duck.CreateCommand();
        command.CommandText = $"CREATE VIEW data AS SELECT * FROM read_parquet('{files}/**/*.parquet', hive_partitioning=true); {sql}";
        using var reader = command.ExecuteReader();
        var rows = new List<object[]>();
        while (reader.Read())
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            rows.Add(values);
        }

        return rows;
    }

    private async Task<int> OpenAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>().CreateDbContextAsync();
        return await db.JdeDispatches.CountAsync(d => d.State == DispatchState.Approved || d.State == DispatchState.Sending);
    }
}

/// <summary>A portal that reads back and retries at once, so a test needs no waiting.</summary>
public sealed class SqliteDispatchFixture : PortalFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = DispatchFixtureSettings.Values;
}

/// <inheritdoc cref="SqliteDispatchFixture"/>
public sealed class PostgresDispatchFixture : PortalFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = DispatchFixtureSettings.Values;
}

internal static class DispatchFixtureSettings
{
    public static IReadOnlyDictionary<string, string?> Values { get; } = new Dictionary<string, string?>
    {
        ["Dispatch:ReadBackDelay"] = "00:00:00",
        ["Dispatch:RetryBackoff"] = "00:00:00",
    };
}

[Trait("Category", "Sqlite")]
public sealed class SqliteDispatchTests(SqliteDispatchFixture fixture)
    : DispatchTests<SqliteDispatchFixture>(fixture), IClassFixture<SqliteDispatchFixture>;

[Trait("Category", "Postgres")]
public sealed class PostgresDispatchTests(PostgresDispatchFixture fixture)
    : DispatchTests<PostgresDispatchFixture>(fixture), IClassFixture<PostgresDispatchFixture>;
