using BakeryOps.Infrastructure.Identity;
using BakeryOps.Infrastructure.Identity.Tokens;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace BakeryOps.Tests.Infrastructure.Identity.Tokens;

/// <summary>The bearer check's stamp cache: a changed stamp is seen at the latest when the interval has passed, at once when published here.</summary>
public abstract class UserStampCheckTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly UserRevocations _revocations = new();
    private TestDatabase _database = null!;
    private UserStampCheck _check = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateMigratedAsync(provider);
        _check = new UserStampCheck(_database.ContextFactory(), new TokenLifetimes(TimeSpan.FromDays(1), TimeSpan.FromDays(1), Interval), _clock, _revocations);
        await using var db = _database.CreateContext();
        db.Users.Add(new ApplicationUser { Id = "alice", UserName = "alice", NormalizedUserName = "ALICE", SecurityStamp = "stamp-1" });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task IsCurrent_WhenTheStampChanges_ThenTheOldOneIsAcceptedOnlyUntilTheIntervalHasPassed()
    {
        var old = UserStampCheck.HashStamp("stamp-1");
        (await IsCurrentAsync(old)).Should().BeTrue();
        await SetStampAsync("stamp-2");

        _clock.Advance(Interval - TimeSpan.FromSeconds(1));
        var withinInterval = await IsCurrentAsync(old);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var afterInterval = await IsCurrentAsync(old);

        withinInterval.Should().BeTrue("the stamp read a moment ago is trusted for the interval");
        afterInterval.Should().BeFalse();
        (await IsCurrentAsync(UserStampCheck.HashStamp("stamp-2"))).Should().BeTrue();
    }

    [Fact]
    public async Task IsCurrent_WhenARevocationIsPublishedOnThisNode_ThenTheChangeCountsAtOnce()
    {
        var old = UserStampCheck.HashStamp("stamp-1");
        (await IsCurrentAsync(old)).Should().BeTrue();
        await SetStampAsync("stamp-2");

        _revocations.Publish("alice");

        (await IsCurrentAsync(old)).Should().BeFalse();
    }

    [Fact]
    public async Task IsCurrent_WhenUncachedOrTheUserIsGone_ThenReadsNow()
    {
        var old = UserStampCheck.HashStamp("stamp-1");
        (await IsCurrentAsync(old)).Should().BeTrue();
        await SetStampAsync("stamp-2");

        (await _check.IsCurrentAsync("alice", old, cached: false, CancellationToken.None)).Should().BeFalse();
        (await _check.IsCurrentAsync("nobody", UserStampCheck.HashStamp(null), cached: false, CancellationToken.None)).Should().BeFalse();
        (await _check.IsCurrentAsync("alice", null, cached: true, CancellationToken.None)).Should().BeFalse("a token without a stamp is refused");
    }

    private ValueTask<bool> IsCurrentAsync(string hash) => _check.IsCurrentAsync("alice", hash, cached: true, CancellationToken.None);

    private async Task SetStampAsync(string stamp)
    {
        await using var db = _database.CreateContext();
        await db.Users.Where(u => u.Id == "alice").ExecuteUpdateAsync(s => s.SetProperty(u => u.SecurityStamp, stamp));
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteUserStampCheckTests() : UserStampCheckTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresUserStampCheckTests() : UserStampCheckTests(DatabaseProvider.Postgres);
