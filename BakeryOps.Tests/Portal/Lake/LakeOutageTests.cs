using System.Net.Http.Json;
using System.Text.Json;
using Amazon.S3.Model;
using BakeryOps.Domain.Jobs;
using BakeryOps.Infrastructure.Lake.Outbox;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.Infrastructure.Lake.Writing;
using BakeryOps.Tests.Portal.Inventory;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;

namespace BakeryOps.Tests.Portal.Lake;

/// <summary>
/// The S3 lake stops answering under a running portal (a gate in front of the S3 server closes): each batch pass is
/// recorded as a failed run, <c>/health</c> turns degraded after <c>Jobs:FailuresBeforeDegraded</c> of them, and once
/// the store is back the waiting changes reach the lake exactly once.
/// </summary>
[Trait("Category", "S3")]
public sealed class LakeOutageTests(S3TestBucket bucket) : IClassFixture<S3TestBucket>, IAsyncLifetime
{
    private const int FailuresBeforeDegraded = 2;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly string _download = Path.Combine(Path.GetTempPath(), $"bakeryops-outage-{Guid.NewGuid():N}");
    private TcpGate _gate = null!;
    private TestDatabase _database = null!;
    private PortalFactory _portal = null!;

    public async Task InitializeAsync()
    {
        _gate = new TcpGate(TestEnvironment.S3ServiceUrl);
        _database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Postgres);
        _portal = new PortalFactory(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["Database:ConnectionString"] = _database.ConnectionString,
            ["Lake:Store"] = "S3",
            ["Lake:S3:Bucket"] = bucket.Name,
            ["Lake:S3:ServiceUrl"] = _gate.Address(TestEnvironment.S3ServiceUrl).ToString(),
            ["Lake:S3:ForcePathStyle"] = "true",
            ["Lake:S3:AccessKeyId"] = TestEnvironment.S3AccessKey,
            ["Lake:S3:SecretAccessKey"] = TestEnvironment.S3SecretKey,
            ["Lake:StoreAttempts"] = "1",
            ["Lake:Batching:IntervalSeconds"] = "1",
            ["Jobs:FailuresBeforeDegraded"] = FailuresBeforeDegraded.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        _ = _portal.BaseAddress;
    }

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _database.DisposeAsync();
        await _gate.DisposeAsync();
        if (Directory.Exists(_download))
        {
            Directory.Delete(_download, recursive: true);
        }
    }

    [Fact]
    public async Task Batching_WhenTheLakeStoreStopsAndReturns_ThenRunsAreFailedHealthIsDegradedAndTheChangesAreWrittenOnce()
    {
        using var api = await SignInAsync();
        var before = await api.CreateProductAsync($"Outage flour {Guid.NewGuid():N}"[..26]);
        await WaitUntilAsync(async () => await OutboxCountAsync() == 0, "the first product should reach the lake while it is up");
        var succeededBefore = await RunCountAsync(SyncRunStatus.Succeeded);

        _gate.Close();
        var during = await api.CreateProductAsync($"Outage rye {Guid.NewGuid():N}"[..24]);
        var duringId = during.GetProperty("_id").GetString()!;
        await api.AdjustAsync(duringId, 12.5m, "KG", "RECEIPT");
        await WaitUntilAsync(async () => await JobsEntryStatusAsync() == "degraded", "the jobs entry should turn degraded while the lake is down");

        var failed = await RunsAsync(SyncRunStatus.Failed);
        var health = await HealthAsync();
        failed.Should().HaveCountGreaterThanOrEqualTo(FailuresBeforeDegraded);
        failed.Should().OnlyContain(r => r.Job == LakeOutboxFlusher.Job && r.Trigger == "schedule" && r.FinishedAt != null);
        failed.Should().OnlyContain(r => r.Error!.Contains("Its records stay in the outbox"));
        (await OutboxCountAsync()).Should().BeGreaterThanOrEqualTo(3, "the product, its stock snapshot and the movement wait");
        var jobs = health.GetProperty("checks").GetProperty("jobs");
        jobs.GetProperty("description").GetString().Should().Contain(LakeOutboxFlusher.Job).And.Contain("runs failed");
        health.GetProperty("checks").GetProperty("lake").GetProperty("status").GetString().Should().Be("unhealthy");

        _gate.Open();
        await WaitUntilAsync(async () => await OutboxCountAsync() == 0 && await JobsEntryStatusAsync() == "healthy",
            "the waiting changes should be written once the lake is back");

        (await RunCountAsync(SyncRunStatus.Succeeded)).Should().BeGreaterThan(succeededBefore);
        var lake = await DownloadAsync();
        var products = LakeDuckDb.Source(lake, "jde-ingestion", BakeryOpsProductRecord.Dataset);
        var movements = LakeDuckDb.Source(lake, "jde-ingestion", BakeryOpsMovementRecord.Dataset);
        LakeDuckDb.Query($"SELECT change, count(*) AS n FROM {products} WHERE product_id = '{duringId}' GROUP BY change ORDER BY change")
            .Select(r => ((string)r["change"]!, (long)r["n"]!))
            .Should().Equal(("created", 1L), ("stock", 1L));
        LakeDuckDb.Query($"SELECT count(*) AS n, sum(inventory_quantity) AS q FROM {movements} WHERE product_id = '{duringId}'").Single()
            .Should().Contain("n", 1L).And.Contain("q", 12.5m);
        LakeDuckDb.Query($"SELECT count(*) AS n FROM {products} WHERE product_id = '{before.GetProperty("_id").GetString()}'").Single()["n"]
            .Should().Be(1L, "what was written before the outage is not written again");
    }

    private async Task<BakeryOpsApiClient> SignInAsync()
    {
        var client = _portal.CreateHttpClient();
        client.WithBearer(await client.GetTokenAsync("admin", PortalFactory.AdminPassword));
        return new BakeryOpsApiClient(client);
    }

    private async Task<JsonElement> HealthAsync()
    {
        using var client = _portal.CreateHttpClient();
        using var response = await client.GetAsync("health");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<string?> JobsEntryStatusAsync() =>
        (await HealthAsync()).GetProperty("checks").TryGetProperty("jobs", out var jobs) ? jobs.GetProperty("status").GetString() : null;

    private async Task<int> OutboxCountAsync()
    {
        await using var db = _database.CreateContext();
        return await db.LakeOutbox.CountAsync();
    }

    private async Task<List<SyncRun>> RunsAsync(SyncRunStatus status)
    {
        await using var db = _database.CreateContext();
        return await db.SyncRuns.AsNoTracking().Where(r => r.Status == status).ToListAsync();
    }

    private async Task<int> RunCountAsync(SyncRunStatus status) => (await RunsAsync(status)).Count;

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string because)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, because);
            await Task.Delay(250);
        }
    }

    // Straight from the S3 server, not through the gate: the lake as any reader sees it, laid out for DuckDB.
    private async Task<string> DownloadAsync()
    {
        var folder = _download;
        var listing = await bucket.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket.Name, Prefix = "jde-ingestion/" });
        foreach (var item in (listing.S3Objects ?? []).Where(o => o.Key.EndsWith(".parquet", StringComparison.Ordinal)))
        {
            var path = Path.Combine(folder, item.Key.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var response = await bucket.Client.GetObjectAsync(bucket.Name, item.Key);
            await using var target = File.Create(path);
            await response.ResponseStream.CopyToAsync(target);
        }

        return folder;
    }
}
