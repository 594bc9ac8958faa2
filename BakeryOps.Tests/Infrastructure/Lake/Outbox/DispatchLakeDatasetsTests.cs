using BakeryOps.Domain.Dispatch;
using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Lake;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Lake.Outbox;
using BakeryOps.Infrastructure.Lake.Storage;
using BakeryOps.Infrastructure.Lake.Writing;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.Infrastructure.Lake.Writing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BakeryOps.Tests.Infrastructure.Lake.Outbox;

/// <summary>
/// Every call to JD Edwards (<c>jde_dispatch_attempts</c>) reaches <c>jde_dispatches</c>, and every posting JD Edwards
/// accepted reaches <c>from_bakery_ops</c>: queued by the outbox interceptor in the transaction that records them,
/// written by the flusher as Parquet with a registered schema and a manifest.
/// </summary>
public abstract class DispatchLakeDatasetsTests(DatabaseProvider provider) : LakeWriterTestBase(provider)
{
    private const string Facility = "fac_lake";
    private const string Request = """{"BranchPlant":"1110","DocumentType":"II","Explanation":"BKO 0123456789ABCDEFGHJK","GridData":[{"Quantity":"2.5"}]}""";
    private static readonly DateTimeOffset Moved = new(2026, 11, 25, 23, 30, 0, TimeSpan.Zero);

    private FolderLakeStore? _store;

    protected override ILakeStore Store => _store ??= new FolderLakeStore(TemporaryFolder());

    [Fact]
    public async Task Attempt_WhenRecorded_ThenItsLakeRowIsQueuedInTheSameTransactionAndARollbackLeavesNeither()
    {
        var dispatch = await SeedDispatchAsync(DispatchState.Sending);

        await using (var db = Context())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.JdeDispatchAttempts.Add(Attempt(dispatch, "post", "unknown"));
            await db.SaveChangesAsync();
            (await db.LakeOutbox.CountAsync(e => e.Dataset == JdeDispatchAttemptRecord.Dataset)).Should().Be(1, "the row is written by the same SaveChanges");
            await transaction.RollbackAsync();
        }

        (await AttemptCountAsync()).Should().Be(0);
        (await OutboxAsync()).Should().BeEmpty("a rolled-back attempt leaves no lake row");

        var attempt = Attempt(dispatch, "post", "unknown");
        await using (var db = Context())
        {
            db.JdeDispatchAttempts.Add(attempt);
            await db.SaveChangesAsync();
        }

        (await AttemptCountAsync()).Should().Be(1);
        var entry = (await OutboxAsync()).Should().ContainSingle().Subject;
        entry.Dataset.Should().Be(JdeDispatchAttemptRecord.Dataset);
        BakeryOpsLakeDatasets.DispatchAttempts.Read(entry).Should().Be(new JdeDispatchAttemptRecord(
            dispatch.Key, dispatch.Id.ToString("D"), Facility, 1, "post", Request, "unknown", null, "The answer was lost", 504, "relay-a", T0, T0.AddSeconds(2)));
    }

    [Fact]
    public async Task Dispatch_WhenItBecomesPosted_ThenOneFromBakeryOpsRowIsQueuedAndNoOtherChangeQueuesOne()
    {
        var dispatch = await SeedDispatchAsync(DispatchState.Sending);

        await using (var db = Context())
        {
            var row = await db.JdeDispatches.SingleAsync(d => d.Id == dispatch.Id);
            row.State = DispatchState.Posted;
            row.DocumentNumber = 987_654;
            row.DocumentCompany = "00070";
            row.PostedAt = T0.AddSeconds(3);
            db.JdeDispatchAttempts.Add(Attempt(dispatch, "post", "posted"));
            await db.SaveChangesAsync();
        }

        var queued = await OutboxAsync();
        queued.Select(e => e.Dataset).Should().BeEquivalentTo([JdeDispatchAttemptRecord.Dataset, FromBakeryOpsRecord.Dataset]);
        BakeryOpsLakeDatasets.Postings.Read(queued.Single(e => e.Dataset == FromBakeryOpsRecord.Dataset)).Should().Be(new FromBakeryOpsRecord(
            dispatch.Key, Facility, "mov_lake_1", "USAGE", "prod_lake_flour", "Lake flour", "B_FLOUR_T55", 60010, "1110", "II", "LOT-7",
            2.5m, "KG", -2.5m, "KG", new DateOnly(2026, 11, 26), Moved, 987_654, "00070", T0.AddSeconds(3), "planner", T0.AddMinutes(-5), 1,
            "BKO " + dispatch.Key));

        // Saved again while posted, and confirmed: neither is a second posting.
        await using (var db = Context())
        {
            var row = await db.JdeDispatches.SingleAsync(d => d.Id == dispatch.Id);
            row.ProductName = "Lake flour T55";
            await db.SaveChangesAsync();
            row.State = DispatchState.Confirmed;
            row.ConfirmedAt = T0.AddMinutes(1);
            await db.SaveChangesAsync();
        }

        // A posting that goes back to approved (read back, not found) is not accepted either.
        var other = await SeedDispatchAsync(DispatchState.Sending, "mov_lake_2");
        await using (var db = Context())
        {
            var row = await db.JdeDispatches.SingleAsync(d => d.Id == other.Id);
            row.State = DispatchState.Approved;
            await db.SaveChangesAsync();
        }

        (await OutboxAsync()).Count(e => e.Dataset == FromBakeryOpsRecord.Dataset).Should().Be(1);
    }

    [Fact]
    public async Task Flush_WhenAttemptsAndAPostingWait_ThenBothDatasetsAreParquetWithTheirSchemasAndManifests()
    {
        var dispatch = await SeedDispatchAsync(DispatchState.Sending);
        await using (var db = Context())
        {
            db.JdeDispatchAttempts.Add(Attempt(dispatch, "post", "unknown"));
            await db.SaveChangesAsync();
        }

        await using (var db = Context())
        {
            var row = await db.JdeDispatches.SingleAsync(d => d.Id == dispatch.Id);
            row.State = DispatchState.Posted;
            row.DocumentNumber = 987_654;
            row.PostedAt = T0.AddSeconds(3);
            db.JdeDispatchAttempts.Add(new JdeDispatchAttempt
            {
                DispatchId = dispatch.Id, Key = dispatch.Key, FacilityId = Facility, Attempt = 1, Kind = "read-back",
                Request = """{"branch_plant":"1110","since":"2026-11-25","explanation":"BKO x"}""", Outcome = "found", DocumentNumber = 987_654,
                StatusCode = 200, By = "relay-b", StartedAt = T0.AddSeconds(10), EndedAt = T0.AddSeconds(11),
            });
            await db.SaveChangesAsync();
        }

        var written = await NewFlusher().FlushAsync("test", default);

        written.Should().Be(3);
        (await OutboxAsync()).Should().BeEmpty();
        var lake = await DownloadLakeAsync();

        var attempts = LakeDuckDb.Source(lake, Prefix, JdeDispatchAttemptRecord.Dataset);
        var attemptTypes = LakeDuckDb.Describe(attempts);
        attemptTypes.Keys.Should().StartWith(JdeDispatchAttemptRecord.Table.Columns.Select(c => c.Field.Name));
        attemptTypes["attempt"].Should().Be("INTEGER");
        attemptTypes["document_number"].Should().Be("BIGINT");
        attemptTypes["started_at"].Should().Be("TIMESTAMP WITH TIME ZONE");
        var calls = LakeDuckDb.Query($"SELECT * FROM {attempts} ORDER BY started_at");
        calls.Should().HaveCount(2);
        calls[0]["kind"].Should().Be("post");
        calls[0]["request"].Should().Be(Request, "the request is kept exactly as it was sent");
        calls[0]["outcome"].Should().Be("unknown");
        calls[0]["document_number"].Should().BeNull();
        calls[0]["error"].Should().Be("The answer was lost");
        calls[0]["status_code"].Should().Be(504);
        calls[0]["sent_by"].Should().Be("relay-a");
        LakeDuckDb.AsUtcInstant(calls[0]["started_at"]).Should().Be(T0);
        LakeDuckDb.AsUtcInstant(calls[0]["ended_at"]).Should().Be(T0.AddSeconds(2));
        calls[1]["kind"].Should().Be("read-back");
        calls[1]["outcome"].Should().Be("found");
        calls[1]["document_number"].Should().Be(987_654L);
        calls[1]["dispatch_key"].Should().Be(dispatch.Key);

        var postings = LakeDuckDb.Source(lake, Prefix, FromBakeryOpsRecord.Dataset);
        var postingTypes = LakeDuckDb.Describe(postings);
        postingTypes.Keys.Should().StartWith(FromBakeryOpsRecord.Table.Columns.Select(c => c.Field.Name));
        postingTypes["quantity"].Should().Be("DECIMAL(18,6)");
        postingTypes["inventory_quantity"].Should().Be("DECIMAL(18,6)");
        postingTypes["movement_date"].Should().Be("DATE");
        postingTypes["posted_at"].Should().Be("TIMESTAMP WITH TIME ZONE");
        var posted = LakeDuckDb.Query($"SELECT *, CAST(movement_date AS VARCHAR) AS movement_day FROM {postings}").Should().ContainSingle().Subject;
        posted["dispatch_key"].Should().Be(dispatch.Key);
        posted["movement_id"].Should().Be("mov_lake_1");
        posted["item_number"].Should().Be("B_FLOUR_T55");
        posted["branch_plant"].Should().Be("1110");
        posted["document_type"].Should().Be("II");
        posted["lot"].Should().Be("LOT-7");
        posted["quantity"].Should().Be(2.5m);
        posted["unit"].Should().Be("KG");
        posted["inventory_quantity"].Should().Be(-2.5m);
        posted["movement_day"].Should().Be("2026-11-26", "the movement's date in JD Edwards' zone, not the UTC date of the instant");
        posted["document_number"].Should().Be(987_654L);
        posted["approved_by"].Should().Be("planner");
        posted["explanation"].Should().Be("BKO " + dispatch.Key);
        LakeDuckDb.AsUtcInstant(posted["posted_at"]).Should().Be(T0.AddSeconds(3));

        var registry = NewRegistry();
        var verifier = NewVerifier();
        foreach (var (dataset, rows) in new[] { (JdeDispatchAttemptRecord.Dataset, 2L), (FromBakeryOpsRecord.Dataset, 1L) })
        {
            (await registry.ListVersionsAsync(dataset, default)).Should().ContainSingle().Which.Version.Should().Be(1);
            (await KeysAsync($"{LakeKeys.SchemaFolder}/{dataset}/")).Should().Equal(LakeKeys.SchemaFile(Prefix, dataset, 1));
            var manifestKey = (await KeysAsync($"{LakeKeys.ManifestFolder}/{dataset}/")).Should().ContainSingle().Subject;
            var manifest = LakeManifest.Parse(await ReadAsync(manifestKey));
            manifest.Dataset.Should().Be(dataset);
            manifest.SchemaVersion.Should().Be(1);
            manifest.TotalRows.Should().Be(rows);
            manifest.Actor.Should().Be(LakeOutboxFlusher.Actor);
            (await verifier.VerifyAsync(manifestKey, default)).Valid.Should().BeTrue();
        }

        (await DispatchLogsAsync()).Select(d => d.Dataset).Should().BeEquivalentTo([JdeDispatchAttemptRecord.Dataset, FromBakeryOpsRecord.Dataset]);
    }

    [Fact]
    public void Json_WhenARowIsQueued_ThenItsNamesAreTheLakeColumns()
    {
        var attempt = new JdeDispatchAttemptRecord("K", Guid.Empty.ToString("D"), Facility, 1, "post", "{}", "posted", 1, null, 200, "relay", T0, T0);
        var posting = new FromBakeryOpsRecord("K", Facility, "m", "USAGE", "p", "n", "i", null, "1110", "II", "", 0.000001m, "KG", 1m, "KG",
            new DateOnly(2026, 11, 26), T0, 1, null, T0, "a", null, 1, "BKO K");

        Names(BakeryOpsLakeDatasets.DispatchAttempts.Entry(attempt, T0).PayloadJson).Should().Equal(JdeDispatchAttemptRecord.Table.Columns.Select(c => c.Field.Name));
        Names(BakeryOpsLakeDatasets.Postings.Entry(posting, T0).PayloadJson).Should().Equal(FromBakeryOpsRecord.Table.Columns.Select(c => c.Field.Name));
        BakeryOpsLakeDatasets.Postings.Read(BakeryOpsLakeDatasets.Postings.Entry(posting, T0)).Should().Be(posting);
        BakeryOpsLakeDatasets.All.Select(d => d.Name).Should().Contain([JdeDispatchAttemptRecord.Dataset, FromBakeryOpsRecord.Dataset]);
    }

    private BakeryOpsDbContext Context() => Database.CreateContext(new LakeOutboxInterceptor(Clock));

    private LakeOutboxFlusher NewFlusher() => new(
        Database.ContextFactory(new LakeOutboxInterceptor(Clock)),
        NewWriter(),
        new SyncRunRecorder(
            Database.ContextFactory(), new SyncRunNotifications(NullLogger<SyncRunNotifications>.Instance), Options.Create(new SyncRunOptions()), Clock,
            NullLogger<SyncRunRecorder>.Instance),
        Options.Create(new LakeOutboxOptions()),
        NullLogger<LakeOutboxFlusher>.Instance);

    private static JdeDispatchAttempt Attempt(JdeDispatch dispatch, string kind, string outcome) => new()
    {
        DispatchId = dispatch.Id, Key = dispatch.Key, FacilityId = Facility, Attempt = 1, Kind = kind, Request = Request, Outcome = outcome,
        DocumentNumber = outcome == "posted" ? 987_654 : null, Error = outcome == "posted" ? null : "The answer was lost",
        StatusCode = outcome == "posted" ? 200 : 504, By = "relay-a", StartedAt = T0, EndedAt = T0.AddSeconds(2),
    };

    /// <summary>A facility, product and movement (seeded without the interceptor, so the outbox starts empty) and its posting.</summary>
    private async Task<JdeDispatch> SeedDispatchAsync(DispatchState state, string movementId = "mov_lake_1")
    {
        await using var db = Database.CreateContext();
        if (!await db.Facilities.AnyAsync(f => f.Id == Facility))
        {
            db.Facilities.Add(new Facility { Id = Facility, Name = "Lake bakery", JdeBusinessUnit = "1110", CreatedAt = T0, UpdatedAt = T0 });
            db.Products.Add(new Product
            {
                Id = "prod_lake_flour", FacilityId = Facility, ProductName = "Lake flour", InventoryUnit = "KG", JdeShortItemNumber = 60010,
                JdeSecondItemNumber = "B_FLOUR_T55", JdeBranchPlant = "1110", CreatedAt = T0, UpdatedAt = T0,
            });
        }

        db.Movements.Add(new Movement
        {
            Id = movementId, FacilityId = Facility, ProductId = "prod_lake_flour", BatchNumber = "LOT-7", Quantity = -2.5m, Unit = "KG",
            InventoryQuantity = -2.5m, Type = MovementType.Usage, AdjustmentDate = Moved, Source = MovementSource.Bakery, CreatedBy = "baker", CreatedAt = Moved,
        });
        var dispatch = new JdeDispatch
        {
            Id = Guid.NewGuid(), Key = DispatchKeys.For(Facility, movementId), FacilityId = Facility, MovementId = movementId, ProductId = "prod_lake_flour",
            ProductName = "Lake flour", MovementType = "USAGE", MovedAt = Moved, MovementDate = new DateOnly(2026, 11, 26), BatchNumber = "LOT-7",
            InventoryQuantity = -2.5m, InventoryUnit = "KG", ItemNumber = "B_FLOUR_T55", ShortItemNumber = 60010, BranchPlant = "1110",
            DocumentType = "II", Lot = "LOT-7", Quantity = 2.5m, Unit = "KG", State = state, ApprovedBy = "planner", ApprovedAt = T0.AddMinutes(-5),
            Attempts = 1, Stamp = Guid.NewGuid(), CreatedAt = T0.AddMinutes(-10), UpdatedAt = T0,
        };
        db.JdeDispatches.Add(dispatch);
        await db.SaveChangesAsync();
        return dispatch;
    }

    private async Task<int> AttemptCountAsync()
    {
        await using var db = Database.CreateContext();
        return await db.JdeDispatchAttempts.CountAsync();
    }

    private async Task<List<LakeOutboxEntry>> OutboxAsync()
    {
        await using var db = Database.CreateContext();
        return await db.LakeOutbox.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }

    private static List<string> Names(string json) =>
        [.. System.Text.Json.JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => p.Name)];
}

[Trait("Category", "Sqlite")]
public sealed class SqliteDispatchLakeDatasetsTests() : DispatchLakeDatasetsTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresDispatchLakeDatasetsTests() : DispatchLakeDatasetsTests(DatabaseProvider.Postgres);
