using System.Security.Cryptography;
using System.Text;
using BakeryOps.Infrastructure.Idempotency;
using BakeryOps.Infrastructure.Identity;
using BakeryOps.Infrastructure.Identity.Tokens;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Sessions;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BakeryOps.Tests.Infrastructure.Identity.Tokens;

/// <summary>Refresh tokens on both databases: hashed storage, rotation, reuse, sliding and absolute ends, revocation and cleanup.</summary>
public abstract class RefreshTokenStoreTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly TokenLifetimes Lifetimes = new(TimeSpan.FromDays(10), TimeSpan.FromDays(15), TimeSpan.FromSeconds(30));

    private readonly FakeTimeProvider _clock = new(T0);
    private TestDatabase _database = null!;
    private RefreshTokenStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateMigratedAsync(provider);
        _store = new RefreshTokenStore(_database.ContextFactory(), Lifetimes, _clock);
        await AddUserAsync("alice");
        await AddUserAsync("bob");
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Issue_ThenTheCallerGets256RandomBitsAndTheTableOnlyTheirSha256()
    {
        var token = await _store.IssueAsync("alice", "10.0.0.1", CancellationToken.None);

        token.Should().MatchRegex("^[A-Za-z0-9_-]{43}$", "32 bytes in base64url without padding");
        await using var db = _database.CreateContext();
        var row = await db.RefreshTokens.SingleAsync();
        row.TokenHash.Should().Be(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))));
        row.Should().BeEquivalentTo(new
        {
            UserId = "alice", CreatedAt = T0, ExpiresAt = T0.AddDays(10), FamilyExpiresAt = T0.AddDays(15), CreatedByAddress = "10.0.0.1",
            UsedAt = (DateTimeOffset?)null, RevokedAt = (DateTimeOffset?)null,
        });
        (await _store.IssueAsync("alice", null, CancellationToken.None)).Should().NotBe(token);
        (await db.RefreshTokens.Select(t => t.FamilyId).Distinct().CountAsync()).Should().Be(2, "each password grant starts its own family");
    }

    [Fact]
    public async Task Redeem_WhenValid_ThenTheTokenIsUsedAndReplacedBySuccessorOfTheSameFamilyWithAFreshSlidingEnd()
    {
        var first = await _store.IssueAsync("alice", null, CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(2));

        var redeemed = await _store.RedeemAsync(first, "10.0.0.2", CancellationToken.None);

        redeemed.Succeeded.Should().BeTrue();
        redeemed.UserId.Should().Be("alice");
        redeemed.NewToken.Should().NotBeNullOrEmpty().And.NotBe(first);
        await using var db = _database.CreateContext();
        var old = await db.RefreshTokens.SingleAsync(t => t.TokenHash == RefreshTokenStore.Hash(first));
        var successor = await db.RefreshTokens.SingleAsync(t => t.TokenHash == RefreshTokenStore.Hash(redeemed.NewToken!));
        old.UsedAt.Should().Be(T0.AddDays(2));
        old.ReplacedById.Should().Be(successor.Id);
        successor.FamilyId.Should().Be(old.FamilyId);
        successor.ExpiresAt.Should().Be(T0.AddDays(12));
        successor.FamilyExpiresAt.Should().Be(T0.AddDays(15));
        (await _store.RedeemAsync(redeemed.NewToken!, null, CancellationToken.None)).Succeeded.Should().BeTrue("the successor works in turn");
    }

    [Fact]
    public async Task Redeem_WhenARotatedTokenIsUsedAgain_ThenTheWholeFamilyIsRevokedAndTheNewestStopsWorking()
    {
        var first = await _store.IssueAsync("alice", null, CancellationToken.None);
        var other = await _store.IssueAsync("alice", null, CancellationToken.None);
        var second = (await _store.RedeemAsync(first, null, CancellationToken.None)).NewToken!;
        var newest = (await _store.RedeemAsync(second, null, CancellationToken.None)).NewToken!;

        var reused = await _store.RedeemAsync(first, null, CancellationToken.None);

        reused.Refusal.Should().Be(RefreshTokenRefusal.Reused);
        reused.UserId.Should().Be("alice");
        reused.RevokedCount.Should().Be(3);
        (await _store.RedeemAsync(newest, null, CancellationToken.None)).Refusal.Should().Be(RefreshTokenRefusal.Revoked);
        (await _store.RedeemAsync(other, null, CancellationToken.None)).Succeeded.Should().BeTrue("another sign-in's family is not touched");
        await using var db = _database.CreateContext();
        (await db.RefreshTokens.Where(t => t.FamilyId == reused.FamilyId).Select(t => t.RevokedReason).ToListAsync())
            .Should().HaveCount(3).And.OnlyContain(r => r == RefreshTokenStore.Reasons.Reuse);
    }

    [Fact]
    public async Task Redeem_WhenTheSameTokenIsRedeemedTwiceAtOnce_ThenOneRotatesAndTheOtherIsTreatedAsReuse()
    {
        var token = await _store.IssueAsync("alice", null, CancellationToken.None);
        var other = new RefreshTokenStore(_database.ContextFactory(), Lifetimes, _clock);

        var both = await Task.WhenAll(
            Task.Run(() => _store.RedeemAsync(token, null, CancellationToken.None)),
            Task.Run(() => other.RedeemAsync(token, null, CancellationToken.None)));

        both.Count(r => r.Succeeded).Should().BeLessThanOrEqualTo(1, "a token is used once");
        both.Should().Contain(r => r.Refusal == RefreshTokenRefusal.Reused);
        await using var db = _database.CreateContext();
        (await db.RefreshTokens.CountAsync(t => t.RevokedAt == null)).Should().Be(0, "a second use revokes the family, the successor too");
    }

    [Fact]
    public async Task Redeem_WhenNotUsedWithinTheSlidingLifetime_ThenExpired()
    {
        var token = await _store.IssueAsync("alice", null, CancellationToken.None);
        var kept = await _store.IssueAsync("alice", null, CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(10) - TimeSpan.FromSeconds(1));
        var justInTime = await _store.RedeemAsync(kept, null, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(1));

        var late = await _store.RedeemAsync(token, null, CancellationToken.None);

        justInTime.Succeeded.Should().BeTrue();
        late.Refusal.Should().Be(RefreshTokenRefusal.Expired);
    }

    [Fact]
    public async Task Redeem_WhenRotatedUpToTheAbsoluteLifetime_ThenTheSuccessorEndsWithTheFamilyAndIsThenExpired()
    {
        var token = await _store.IssueAsync("alice", null, CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(9));
        token = (await _store.RedeemAsync(token, null, CancellationToken.None)).NewToken!;
        _clock.Advance(TimeSpan.FromDays(5) + TimeSpan.FromHours(23));
        var lastUse = await _store.RedeemAsync(token, null, CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(1));

        var afterEnd = await _store.RedeemAsync(lastUse.NewToken!, null, CancellationToken.None);

        lastUse.Succeeded.Should().BeTrue("day 14 23:00 is within the 15-day family even though the first token's sliding end has passed");
        afterEnd.Refusal.Should().Be(RefreshTokenRefusal.Expired);
        await using var db = _database.CreateContext();
        (await db.RefreshTokens.MaxAsync(t => t.ExpiresAt)).Should().Be(T0.AddDays(15), "rotation never extends the family");
    }

    [Fact]
    public async Task Redeem_WhenTheTokenIsUnknownOrTheUserLocked_ThenRefusedWithoutRotating()
    {
        var token = await _store.IssueAsync("bob", null, CancellationToken.None);
        await using (var db = _database.CreateContext())
        {
            await db.Users.Where(u => u.Id == "bob")
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnabled, true).SetProperty(u => u.LockoutEnd, T0.AddMinutes(5)));
        }

        var unknown = await _store.RedeemAsync("not-a-token-we-issued", null, CancellationToken.None);
        var locked = await _store.RedeemAsync(token, null, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(5));
        var unlocked = await _store.RedeemAsync(token, null, CancellationToken.None);

        unknown.Refusal.Should().Be(RefreshTokenRefusal.Unknown);
        locked.Refusal.Should().Be(RefreshTokenRefusal.UserLocked);
        unlocked.Succeeded.Should().BeTrue("a refused token is not used up");
    }

    [Fact]
    public async Task RevokeUser_ThenEveryTokenOfThatUserIsRefusedAndOthersStillWork()
    {
        var alice1 = await _store.IssueAsync("alice", null, CancellationToken.None);
        var alice2 = (await _store.RedeemAsync(await _store.IssueAsync("alice", null, CancellationToken.None), null, CancellationToken.None)).NewToken!;
        var bob = await _store.IssueAsync("bob", null, CancellationToken.None);

        await using (var db = _database.CreateContext())
        {
            (await RefreshTokenStore.RevokeUserAsync(db, "alice", RefreshTokenStore.Reasons.Locked, T0, CancellationToken.None)).Should().Be(3);
        }

        (await _store.RedeemAsync(alice1, null, CancellationToken.None)).Refusal.Should().Be(RefreshTokenRefusal.Revoked);
        (await _store.RedeemAsync(alice2, null, CancellationToken.None)).Refusal.Should().Be(RefreshTokenRefusal.Revoked);
        (await _store.RedeemAsync(bob, null, CancellationToken.None)).Succeeded.Should().BeTrue();
    }

    [Fact]
    public async Task SessionCleanup_ThenDeadFamiliesAndLongRevokedTokensGoAndLiveFamiliesStayCountedByKind()
    {
        var live = await _store.IssueAsync("alice", null, CancellationToken.None);
        live = (await _store.RedeemAsync(live, null, CancellationToken.None)).NewToken!;
        var dying = await _store.IssueAsync("alice", null, CancellationToken.None);
        await _store.RedeemAsync(dying, null, CancellationToken.None);
        await _store.IssueAsync("bob", null, CancellationToken.None);
        await RevokeBobAsync();
        _clock.Advance(TimeSpan.FromDays(8));
        var revokedLately = await _store.IssueAsync("bob", null, CancellationToken.None);
        await RevokeBobAsync();
        live = (await _store.RedeemAsync(live, null, CancellationToken.None)).NewToken!;
        // Day 10 and a second: the dying family's newest token passed its sliding end; bob's first token was revoked over 7 days ago.
        _clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromSeconds(1));

        var removed = await new SessionCleanup(_database.ContextFactory(), Options.Create(new IdempotencyOptions()), _clock).DeleteExpiredAsync(CancellationToken.None);

        removed.Should().BeEquivalentTo(new { Sessions = 0, ExpiredRefreshTokens = 2, RevokedRefreshTokens = 1, Total = 3 });
        await using var read = _database.CreateContext();
        (await read.RefreshTokens.Select(t => t.TokenHash).ToListAsync()).Should().HaveCount(4, "the live family's three rows and the lately revoked one")
            .And.Contain(RefreshTokenStore.Hash(live)).And.Contain(RefreshTokenStore.Hash(revokedLately));
        (await _store.RedeemAsync(live, null, CancellationToken.None)).Succeeded.Should().BeTrue();
    }

    private async Task RevokeBobAsync()
    {
        await using var db = _database.CreateContext();
        await RefreshTokenStore.RevokeUserAsync(db, "bob", RefreshTokenStore.Reasons.Locked, _clock.GetUtcNow(), CancellationToken.None);
    }

    private async Task AddUserAsync(string id)
    {
        await using var db = _database.CreateContext();
        db.Users.Add(new ApplicationUser
        {
            Id = id, UserName = id, NormalizedUserName = id.ToUpperInvariant(), SecurityStamp = Guid.NewGuid().ToString(), CreatedAt = T0,
        });
        await db.SaveChangesAsync();
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteRefreshTokenStoreTests() : RefreshTokenStoreTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresRefreshTokenStoreTests() : RefreshTokenStoreTests(DatabaseProvider.Postgres);
