using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Lake;
using BakeryOps.Domain.Schemas;
using BakeryOps.Domain.Sessions;
using BakeryOps.Infrastructure.Idempotency;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Sessions;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BakeryOps.Tests.Infrastructure.Persistence;

/// <summary>The same facts on both providers: migrations, mapping, constraints, SQL translation.</summary>
public abstract class PersistenceTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 6, 0, 0, TimeSpan.Zero);
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateMigratedAsync(provider);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Migrate_WhenTheDatabaseWasEmpty_ThenEveryMigrationIsAppliedAndNothingIsPending()
    {
        await using var db = _database.CreateContext();

        var applied = await db.Database.GetAppliedMigrationsAsync();
        var pending = await db.Database.GetPendingMigrationsAsync();

        applied.Should().Equal(db.Database.GetMigrations());
        pending.Should().BeEmpty();
        db.Provider.Should().Be(provider);
    }

    [Theory]
    [InlineData("facilities")]
    [InlineData("schema_versions")]
    [InlineData("dispatch_logs")]
    [InlineData("session_data")]
    [InlineData("data_protection_keys")]
    [InlineData("AspNetUsers")]
    [InlineData("AspNetRoles")]
    [InlineData("AspNetUserRoles")]
    public async Task Migrate_WhenApplied_ThenCreatesTheTable(string table)
    {
        await using var db = _database.CreateContext();

        // The table name comes from the test's own data, never from input.
#pragma warning disable EF1002
        var count = await db.Database.SqlQueryRaw<int>($"SELECT COUNT(*) AS \"Value\" FROM \"{table}\"").SingleAsync();
#pragma warning restore EF1002

        count.Should().Be(0);
    }

    [Fact]
    public async Task Facility_WhenSaved_ThenRoundTripsEveryField()
    {
        await using (var db = _database.CreateContext())
        {
            db.Facilities.Add(new Facility
            {
                Id = "default_facility", Name = "Main Bakery", JdeBusinessUnit = "1110", AllowNegativeOnHand = true,
                CreatedAt = T0, UpdatedAt = T0.AddMinutes(5),
            });
            await db.SaveChangesAsync();
        }

        await using var read = _database.CreateContext();
        var facility = await read.Facilities.SingleAsync(f => f.Id == "default_facility");

        facility.Name.Should().Be("Main Bakery");
        facility.JdeBusinessUnit.Should().Be("1110");
        facility.AllowNegativeOnHand.Should().BeTrue();
        facility.CreatedAt.Should().Be(T0);
        facility.UpdatedAt.Should().Be(T0.AddMinutes(5));
        facility.UpdatedAt.Offset.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public async Task DispatchLogs_WhenFilteredAndOrderedByDateAndInstant_ThenTheDatabaseDoesIt()
    {
        await using (var db = _database.CreateContext())
        {
            for (var i = 0; i < 5; i++)
            {
                db.DispatchLogs.Add(Log($"cardex_changes/day{i}.parquet", new DateOnly(2026, 11, 20 + i), T0.AddHours(-i), rows: 10 * (i + 1)));
            }

            await db.SaveChangesAsync();
        }

        await using var read = _database.CreateContext();
        var from = new DateOnly(2026, 11, 21);
        var to = new DateOnly(2026, 11, 23);
        var cutoff = T0.AddHours(-3);
        var logs = await read.DispatchLogs
            .Where(d => d.PartitionDate >= from && d.PartitionDate <= to && d.CreatedAt > cutoff)
            .OrderByDescending(d => d.CreatedAt)
            .ToListAsync();
        var totalRows = await read.DispatchLogs.SumAsync(d => d.RowCount);
        var latest = await read.DispatchLogs.MaxAsync(d => d.CreatedAt);

        logs.Select(l => l.PartitionDate).Should().Equal(new DateOnly(2026, 11, 21), new DateOnly(2026, 11, 22));
        totalRows.Should().Be(150);
        latest.Should().Be(T0);
    }

    [Fact]
    public async Task DispatchLogs_WhenTwoRowsShareAnObjectKey_ThenTheSecondIsRefused()
    {
        await using var db = _database.CreateContext();
        db.DispatchLogs.Add(Log("same/key.parquet", new DateOnly(2026, 11, 26), T0, rows: 1));
        await db.SaveChangesAsync();

        db.DispatchLogs.Add(Log("same/key.parquet", new DateOnly(2026, 11, 26), T0, rows: 2));
        var save = () => db.SaveChangesAsync();

        await save.Should().ThrowAsync<DbUpdateException>();
    }

    [Fact]
    public async Task SchemaVersions_WhenAVersionNumberIsTakenTwiceForADataset_ThenTheSecondIsRefused()
    {
        await using var db = _database.CreateContext();
        db.SchemaVersions.Add(Schema("item_master", 1, "a"));
        db.SchemaVersions.Add(Schema("cardex_changes", 1, "a"));
        await db.SaveChangesAsync();

        db.SchemaVersions.Add(Schema("item_master", 1, "b"));
        var save = () => db.SaveChangesAsync();

        await save.Should().ThrowAsync<DbUpdateException>();
    }

    [Fact]
    public async Task SessionCleanup_WhenSomeSessionsExpired_ThenDeletesOnlyThose()
    {
        await using (var db = _database.CreateContext())
        {
            db.SessionData.AddRange(
                Session(expiresAt: T0.AddMinutes(-1)),
                Session(expiresAt: T0),
                Session(expiresAt: T0.AddMinutes(1)));
            await db.SaveChangesAsync();
        }

        var cleanup = new SessionCleanup(_database.ContextFactory(), Options.Create(new IdempotencyOptions()), new FakeTimeProvider(T0));

        var deleted = await cleanup.DeleteExpiredAsync(CancellationToken.None);

        deleted.Sessions.Should().Be(2);
        await using var read = _database.CreateContext();
        (await read.SessionData.SingleAsync()).ExpiresAt.Should().Be(T0.AddMinutes(1));
    }

    [Fact]
    public async Task SessionCleanup_WhenAnIdempotencyKeyIsPastItsRetention_ThenItIsForgottenAndARepeatIsANewWrite()
    {
        var clock = new FakeTimeProvider(T0);
        var idempotency = new IdempotencyService(_database.ContextFactory(), clock);
        var writes = 0;
        Task<StoredResponse> Write(BakeryOpsDbContext db) => Task.FromResult(new StoredResponse(201, $"{{\"write\":{++writes}}}"));
        var options = Options.Create(new IdempotencyOptions { RetentionHours = 48 });
        var cleanup = new SessionCleanup(_database.ContextFactory(), options, clock);

        await idempotency.ExecuteAsync("old", "planner", "hash-old", Write, CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(1));
        await idempotency.ExecuteAsync("recent", "planner", "hash-recent", Write, CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(47));
        var atTheEdge = await cleanup.DeleteExpiredAsync(CancellationToken.None);
        var replayed = await idempotency.ExecuteAsync("old", "planner", "hash-old", Write, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));
        var past = await cleanup.DeleteExpiredAsync(CancellationToken.None);
        var again = await idempotency.ExecuteAsync("old", "planner", "hash-old", Write, CancellationToken.None);
        var recent = await idempotency.ExecuteAsync("recent", "planner", "hash-recent", Write, CancellationToken.None);

        atTheEdge.IdempotencyKeys.Should().Be(0, "a key is remembered for the whole retention, its last instant included");
        replayed.Should().Be(new StoredResponse(201, "{\"write\":1}", Replayed: true));
        past.IdempotencyKeys.Should().Be(1);
        past.Total.Should().Be(1);
        again.Should().Be(new StoredResponse(201, "{\"write\":3}"), "a forgotten key is a new write");
        recent.Should().Be(new StoredResponse(201, "{\"write\":2}", Replayed: true), "the other key is still remembered");
    }

    private static DispatchLog Log(string key, DateOnly date, DateTimeOffset at, long rows) => new()
    {
        Dataset = "cardex_changes", ObjectKey = key, RowCount = rows, SizeBytes = rows * 100,
        Sha256 = new string('a', 64), PartitionDate = date, CreatedAt = at, RunId = Guid.NewGuid(),
    };

    private static SchemaVersion Schema(string dataset, int version, string fingerprint) => new()
    {
        Dataset = dataset, Version = version, Fingerprint = fingerprint, SchemaJson = "{}", CreatedBy = "test", CreatedAt = T0,
    };

    private static SessionData Session(DateTimeOffset expiresAt) => new()
    {
        Id = Guid.NewGuid(), Kind = "batch-review", OwnerUserName = "planner", PayloadJson = "[]",
        CreatedAt = expiresAt.AddHours(-1), ExpiresAt = expiresAt,
    };
}

[Trait("Category", "Sqlite")]
public sealed class SqlitePersistenceTests() : PersistenceTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresPersistenceTests() : PersistenceTests(DatabaseProvider.Postgres);
