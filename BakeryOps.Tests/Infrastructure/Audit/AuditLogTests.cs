using BakeryOps.Domain.Audit;
using BakeryOps.Infrastructure.Audit;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BakeryOps.Tests.Infrastructure.Audit;

/// <summary>Audit rows are stored whole on both databases, cleaned of control characters and never refused for length.</summary>
public abstract class AuditLogTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly List<AuditEvent> _announced = [];
    private TestDatabase _database = null!;
    private AuditLog _log = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateMigratedAsync(provider);
        var notifications = new AuditNotifications();
        notifications.Recorded += _announced.Add;
        _log = new AuditLog(_database.ContextFactory(), notifications, _clock, NullLogger<AuditLog>.Instance);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Record_WhenAnEventIsRecorded_ThenEveryFieldIsStoredAndAnnounced()
    {
        var actor = new AuditActor("alice", AuditActorKinds.User, "10.0.0.7");
        await _log.RecordAsync(new AuditEntry(AuditCategories.User, "role-change", AuditOutcomes.Success, actor, "bob", "Roles: Planner", "page"));

        await using var db = _database.CreateContext();
        var row = await db.AuditEvents.SingleAsync();
        row.Should().BeEquivalentTo(new
        {
            OccurredAt = _clock.GetUtcNow(),
            Category = "user",
            Action = "role-change",
            Outcome = "success",
            Actor = "alice",
            ActorKind = "user",
            Address = "10.0.0.7",
            Target = "bob",
            Detail = "Roles: Planner",
            Method = "page",
        });
        _announced.Should().ContainSingle().Which.Id.Should().Be(row.Id);
    }

    [Fact]
    public async Task Record_WhenTextHoldsControlCharactersOrIsTooLong_ThenItIsCleanedAndCutRatherThanRefused()
    {
        var forged = "mallory\r\n2026-12-02,sign-in,success,admin";
        await _log.RecordAsync(new AuditEntry(
            AuditCategories.SignIn, "sign-in", AuditOutcomes.Failure, AuditActor.Anonymous(forged, null),
            Detail: new string('x', AuditEvent.MaxDetailLength + 500)));

        await using var db = _database.CreateContext();
        var row = await db.AuditEvents.SingleAsync();
        row.Actor.Should().Be("mallory\uFFFD\uFFFD2026-12-02,sign-in,success,admin");
        row.ActorKind.Should().Be(AuditActorKinds.Anonymous);
        row.Detail.Should().HaveLength(AuditEvent.MaxDetailLength).And.EndWith("…");
    }

    [Fact]
    public async Task Add_WhenTheCallersTransactionRollsBack_ThenNoRowRemains()
    {
        await using (var db = _database.CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            _log.Add(db, new AuditEntry(AuditCategories.Dispatch, "approve", AuditOutcomes.Success, AuditActor.System, "k1"));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        await using var check = _database.CreateContext();
        (await check.AuditEvents.CountAsync()).Should().Be(0);
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteAuditLogTests() : AuditLogTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresAuditLogTests() : AuditLogTests(DatabaseProvider.Postgres);
