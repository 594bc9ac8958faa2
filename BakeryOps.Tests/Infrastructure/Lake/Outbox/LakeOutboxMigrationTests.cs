using BakeryOps.Domain.Lake;
using BakeryOps.Infrastructure.Lake.Outbox;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BakeryOps.Tests.Infrastructure.Lake.Outbox;

/// <summary>
/// Entries queued before rows were typed are still in a customer's outbox at upgrade: the TypedLakeOutbox migration
/// turns them into typed rows, so the first batch after the upgrade writes them like any other.
/// </summary>
public abstract class LakeOutboxMigrationTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Before = "SyncRuns";
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        await using var db = _database.CreateContext();
        await db.GetService<IMigrator>().MigrateAsync(Before);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Migrate_WhenTheOutboxHoldsTypeTaggedPayloads_ThenTheyReadBackAsTypedRows()
    {
        var product = await QueueAsync(BakeryOpsProductRecord.Dataset, File.ReadAllText(TypedLakeRowsTests.LegacyFile("bakery_ops_products.outbox.json")));
        var movement = await QueueAsync(BakeryOpsMovementRecord.Dataset, File.ReadAllText(TypedLakeRowsTests.LegacyFile("bakery_ops_movements.outbox.json")));

        await MigrateAsync();

        var at = TypedLakeRowsTests.At;
        BakeryOpsLakeDatasets.Products.Read(await EntryAsync(product)).Should().Be(LegacyRows.Legacy(LegacyRows.Product(at)) with { Change = BakeryOpsProductRecord.Updated });
        BakeryOpsLakeDatasets.Movements.Read(await EntryAsync(movement)).Should().Be(
            LegacyRows.Movements(at)[0] with { LotNumber = null, Reason = "Delivery \"x\"" });
    }

    [Fact]
    public async Task Migrate_WhenAPayloadIsAlreadyTyped_ThenItIsLeftAsItWas()
    {
        var typed = BakeryOpsLakeDatasets.Movements.Entry(LegacyRows.Movements(TypedLakeRowsTests.At)[1], TypedLakeRowsTests.At);
        var id = await QueueAsync(typed.Dataset, typed.PayloadJson);

        await MigrateAsync();

        (await EntryAsync(id)).PayloadJson.Should().Be(typed.PayloadJson);
    }

    private async Task<long> QueueAsync(string dataset, string payload)
    {
        await using var db = _database.CreateContext();
        var entry = new LakeOutboxEntry { Dataset = dataset, PayloadJson = payload, CreatedAt = TypedLakeRowsTests.At };
        db.LakeOutbox.Add(entry);
        await db.SaveChangesAsync();
        return entry.Id;
    }

    private async Task MigrateAsync()
    {
        await using var db = _database.CreateContext();
        await db.Database.MigrateAsync();
    }

    private async Task<LakeOutboxEntry> EntryAsync(long id)
    {
        await using var db = _database.CreateContext();
        return await db.LakeOutbox.AsNoTracking().SingleAsync(e => e.Id == id);
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteLakeOutboxMigrationTests() : LakeOutboxMigrationTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresLakeOutboxMigrationTests() : LakeOutboxMigrationTests(DatabaseProvider.Postgres);
