using System.Net;
using BakeryOps.Infrastructure.Lake.Outbox;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.Portal.Inventory;
using BakeryOps.Tests.TestInfrastructure;
using DuckDB.NET.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Portal.Lake;

/// <summary>A portal whose lake batches are written only when a test asks (the timer is an hour).</summary>
public abstract class LakeBatchingFixture : PortalFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Lake:Batching:IntervalSeconds"] = "3600",
    };
}

public sealed class SqliteLakeBatchingFixture : LakeBatchingFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresLakeBatchingFixture : LakeBatchingFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>Bakery Operations changes reach bakery_ops_products and bakery_ops_movements in batches, never lost or doubled.</summary>
public abstract class LakeBatchingTests<TFixture>(TFixture fixture) where TFixture : LakeBatchingFixture
{
    [Fact]
    public async Task Flush_WhenProductsAndMovementsChanged_ThenOneFilePerDatasetHoldsThemAll()
    {
        await FlushAsync();
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);
        var product = await api.CreateProductAsync($"Lake flour {Guid.NewGuid():N}"[..24]);
        var id = product.GetProperty("_id").GetString()!;
        for (var i = 1; i <= 3; i++)
        {
            using var posted = await api.PostJsonAsync("inventory-adjustments", $$"""{"productId":"{{id}}","quantity":{{i}}.125,"unit":"KG","adjustmentType":"RECEIPT"}""");
            posted.IsSuccessStatusCode.Should().BeTrue(await posted.Content.ReadAsStringAsync());
        }

        var before = await DispatchCountAsync();
        var written = await FlushAsync();

        written.Should().BeGreaterThanOrEqualTo(7);
        (await DispatchCountAsync()).Should().Be(before + 2, "one file for products and one for movements, not one per request");
        (await OutboxCountAsync()).Should().Be(0);
        var movements = await QueryAsync(BakeryOpsMovementRecord.Dataset, $"SELECT sum(inventory_quantity), count(*) FROM data WHERE product_id = '{id}'");
        movements[0].Should().Be(6.375m);
        movements[1].Should().Be(3L);
        var products = await QueryAsync(BakeryOpsProductRecord.Dataset, $"SELECT count(*) FROM data WHERE product_id = '{id}' AND change = 'created'");
        products[0].Should().Be(1L);
        // On-hand moves by a conditional UPDATE that the change tracker never sees; each movement still snapshots it.
        var stock = await QueryAsync(BakeryOpsProductRecord.Dataset, $"SELECT count(*), max(on_hand) FROM data WHERE product_id = '{id}' AND change = 'stock'");
        stock[0].Should().Be(3L);
        stock[1].Should().Be(6.375m);
    }

    [Fact]
    public async Task Outbox_WhenAnAdjustmentIsRefused_ThenNothingIsQueued()
    {
        await FlushAsync();
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);
        var product = await api.CreateProductAsync($"Lake sugar {Guid.NewGuid():N}"[..24]);
        var id = product.GetProperty("_id").GetString()!;
        await FlushAsync();

        using var refused = await api.PostJsonAsync("inventory-adjustments", $$"""{"productId":"{{id}}","quantity":5,"unit":"KG","adjustmentType":"USAGE"}""");

        refused.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await OutboxCountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Flush_WhenTheLakeFailsDuringABatch_ThenItsRecordsStayAndTheNextPassWritesThemOnce()
    {
        await FlushAsync();
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);
        var product = await api.CreateProductAsync($"Lake rye {Guid.NewGuid():N}"[..24]);
        var id = product.GetProperty("_id").GetString()!;
        var before = await DispatchCountAsync();
        var lake = Path.Combine(fixture.Factory.DataDirectory, "lake");
        var aside = lake + ".aside";
        Directory.CreateDirectory(lake);
        Directory.Move(lake, aside);
        // A file where the lake folder should be: every upload fails.
        await File.WriteAllTextAsync(lake, "not a folder");
        int failedPass;
        try
        {
            failedPass = await FlushAsync();
        }
        finally
        {
            File.Delete(lake);
            Directory.Move(aside, lake);
        }

        var outboxAfterFailure = await OutboxCountAsync();
        var written = await FlushAsync();

        failedPass.Should().Be(0);
        outboxAfterFailure.Should().BeGreaterThan(0);
        written.Should().Be(outboxAfterFailure);
        (await DispatchCountAsync()).Should().Be(before + 1);
        (await OutboxCountAsync()).Should().Be(0);
        var rows = await QueryAsync(BakeryOpsProductRecord.Dataset, $"SELECT count(*) FROM data WHERE product_id = '{id}'");
        rows[0].Should().Be(1L);
    }

    private Task<int> FlushAsync() => fixture.Services.GetRequiredService<LakeOutboxFlusher>().FlushAsync("test", CancellationToken.None);

    private async Task<int> DispatchCountAsync()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BakeryOpsDbContext>().DispatchLogs.CountAsync();
    }

    private async Task<int> OutboxCountAsync()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BakeryOpsDbContext>().LakeOutbox.CountAsync();
    }

    // The folder store's files are plain Parquet under {data}/lake, which DuckDB reads with hive partitioning.
    private async Task<object[]> QueryAsync(string dataset, string sql)
    {
        var files = Path.Combine(fixture.Factory.DataDirectory, "lake", "jde-ingestion", dataset);
        await using var duck = new DuckDBConnection("Data Source=:memory:");
        await duck.OpenAsync();
        await using var command = duck.CreateCommand();
        command.CommandText = $"CREATE VIEW data AS SELECT * FROM read_parquet('{files}/**/*.parquet', hive_partitioning=true); {sql}";
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).Should().BeTrue();
        var values = new object[reader.FieldCount];
        reader.GetValues(values);
        return values;
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteLakeBatchingTests(SqliteLakeBatchingFixture fixture)
    : LakeBatchingTests<SqliteLakeBatchingFixture>(fixture), IClassFixture<SqliteLakeBatchingFixture>;

[Trait("Category", "Postgres")]
public sealed class PostgresLakeBatchingTests(PostgresLakeBatchingFixture fixture)
    : LakeBatchingTests<PostgresLakeBatchingFixture>(fixture), IClassFixture<PostgresLakeBatchingFixture>;

/// <summary>A portal that writes its lake batches every second.</summary>
public sealed class FastLakeBatchingFixture : PortalFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Lake:Batching:IntervalSeconds"] = "1",
    };
}

[Trait("Category", "Sqlite")]
public sealed class LakeBatchingTimerTests(FastLakeBatchingFixture fixture) : IClassFixture<FastLakeBatchingFixture>
{
    [Fact]
    public async Task Batching_WhenAProductIsCreated_ThenItReachesTheLakeWithinTheIntervalWithoutAnyoneAsking()
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);
        var product = await api.CreateProductAsync($"Timed rye {Guid.NewGuid():N}"[..24]);
        var id = product.GetProperty("_id").GetString()!;

        var deadline = DateTime.UtcNow.AddSeconds(30);
        var arrived = false;
        while (!arrived && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            await using var scope = fixture.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BakeryOpsDbContext>();
            arrived = await db.DispatchLogs.AnyAsync(d => d.Dataset == BakeryOpsProductRecord.Dataset)
                && !await db.LakeOutbox.AnyAsync();
        }

        arrived.Should().BeTrue($"product {id} should be written to the lake by the 1-second batch");
    }
}
