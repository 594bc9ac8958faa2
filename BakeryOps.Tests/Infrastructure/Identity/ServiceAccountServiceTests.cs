using System.Security.Cryptography;
using System.Text;
using BakeryOps.Domain.Audit;
using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Audit;
using BakeryOps.Infrastructure.Identity.ServiceAccounts;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Portal.Identity;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BakeryOps.Tests.Infrastructure.Identity;

/// <summary>Service accounts on both databases: secrets shown once and kept hashed, the rotation overlap, last use, and the bearer check's cache.</summary>
public abstract class ServiceAccountServiceTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly AuditActor Admin = new("root", AuditActorKinds.User, "10.0.0.1");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly ServiceAccountOptions _options = new();
    private readonly ServiceAccountNotifications _notifications = new();
    private TestDatabase _database = null!;
    private ServiceAccountService _sut = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateMigratedAsync(provider);
        await using var db = _database.CreateContext();
        foreach (var id in new[] { "bakery_north", "bakery_south" })
        {
            db.Facilities.Add(new Facility { Id = id, Name = id, CreatedAt = _clock.GetUtcNow(), UpdatedAt = _clock.GetUtcNow() });
        }

        await db.SaveChangesAsync();
        var audit = new AuditLog(_database.ContextFactory(), new AuditNotifications(), _clock, NullLogger<AuditLog>.Instance);
        _sut = new ServiceAccountService(_database.ContextFactory(), audit, _notifications, Options.Create(_options), _clock,
            NullLogger<ServiceAccountService>.Instance);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Create_WhenValid_ThenTheSecretVerifiesAndOnlyItsSha256HexIsStored()
    {
        var issued = await _sut.CreateAsync(new NewServiceAccount(" ERP feed ", null, null), Admin);

        issued.ClientId.Should().MatchRegex("^svc_[0-9a-f]{24}$");
        issued.Name.Should().Be("ERP feed");
        issued.ClientSecret.Should().MatchRegex("^[A-Za-z0-9_-]{43}$", "256 random bits in base64url");
        await using var db = _database.CreateContext();
        var stored = await db.ServiceAccountSecrets.SingleAsync();
        stored.SecretHash.Should().Be(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(issued.ClientSecret))));
        (await db.ServiceAccounts.SingleAsync()).Roles.Should().Be(Roles.Integration, "Integration is the default role");
        var verified = await _sut.VerifyAsync(issued.ClientId, issued.ClientSecret, "10.1.1.1");
        verified.Should().BeEquivalentTo(new VerifiedServiceAccount(issued.ClientId, "ERP feed", [Roles.Integration], []));
        (await _sut.VerifyAsync(issued.ClientId, (issued.ClientSecret[0] == 'A' ? "B" : "A") + issued.ClientSecret[1..], null)).Should().BeNull();
        (await _sut.VerifyAsync("svc_unknown", issued.ClientSecret, null)).Should().BeNull();
        var created = await db.AuditEvents.SingleAsync();
        (created.Category, created.Action, created.Actor, created.Target).Should().Be((AuditCategories.ServiceAccount, "create", "root", issued.ClientId));
        created.Detail.Should().NotContain(issued.ClientSecret);
    }

    [Fact]
    public async Task Create_WhenRolesAndFacilitiesAreGiven_ThenTheyAreKeptInRoleOrderAndFacilitiesMustExist()
    {
        var issued = await _sut.CreateAsync(new NewServiceAccount("Site feed", [Roles.Viewer, Roles.Inventory], ["bakery_south"]), Admin);

        var listed = (await _sut.ListAsync()).Single();
        listed.Roles.Should().Equal(Roles.Inventory, Roles.Viewer);
        listed.Facilities.Should().Equal("bakery_south");
        listed.ClientId.Should().Be(issued.ClientId);
        var refused = () => _sut.CreateAsync(new NewServiceAccount("Other", ["Root", null], ["bakery_west", "bakery_south"]), Admin);
        var errors = (await refused.Should().ThrowAsync<RequestValidationException>()).Which.Errors;
        errors.Keys.Should().BeEquivalentTo(ServiceAccountService.RolesField, ServiceAccountService.FacilitiesField);
        errors[ServiceAccountService.FacilitiesField].Single().Should().Contain("bakery_west").And.NotContain("bakery_south");
        var blank = () => _sut.CreateAsync(new NewServiceAccount("  ", null, null), Admin);
        (await blank.Should().ThrowAsync<RequestValidationException>()).Which.Errors.Keys.Should().Equal(ServiceAccountService.NameField);
    }

    [Fact]
    public async Task Create_WhenTheNameIsTakenInAnotherCase_ThenConflict()
    {
        await _sut.CreateAsync(new NewServiceAccount("ERP feed", null, null), Admin);

        var again = () => _sut.CreateAsync(new NewServiceAccount("erp FEED", null, null), Admin);

        await again.Should().ThrowAsync<ConflictException>();
    }

    [Fact]
    public async Task Rotate_WhenTheOverlapRunsOut_ThenTheOldSecretStopsAndTheNewOneGoesOn()
    {
        _options.SecretOverlap = TimeSpan.FromHours(2);
        var first = await _sut.CreateAsync(new NewServiceAccount("Rotating", null, null), Admin);

        var second = await _sut.RotateSecretAsync(first.ClientId, Admin);

        second.PreviousSecretExpiresAt.Should().Be(_clock.GetUtcNow().AddHours(2));
        (await _sut.VerifyAsync(first.ClientId, first.ClientSecret, null)).Should().NotBeNull();
        (await _sut.VerifyAsync(first.ClientId, second.ClientSecret, null)).Should().NotBeNull();
        var listed = (await _sut.ListAsync()).Single();
        (listed.ActiveSecrets, listed.OverlapEndsAt).Should().Be((2, _clock.GetUtcNow().AddHours(2)));

        _clock.Advance(TimeSpan.FromHours(2));

        (await _sut.VerifyAsync(first.ClientId, first.ClientSecret, null)).Should().BeNull();
        (await _sut.VerifyAsync(first.ClientId, second.ClientSecret, null)).Should().NotBeNull();
        listed = (await _sut.ListAsync()).Single();
        (listed.ActiveSecrets, listed.OverlapEndsAt).Should().Be((1, (DateTimeOffset?)null));

        var third = await _sut.RotateSecretAsync(first.ClientId, Admin);
        await using var db = _database.CreateContext();
        (await db.ServiceAccountSecrets.CountAsync()).Should().Be(2, "the expired secret is removed at the next rotation");
        third.ClientSecret.Should().NotBe(second.ClientSecret);
    }

    [Fact]
    public async Task Rotate_WhenTheOverlapIsZero_ThenTheOldSecretStopsAtOnce()
    {
        _options.SecretOverlap = TimeSpan.Zero;
        var first = await _sut.CreateAsync(new NewServiceAccount("Strict", null, null), Admin);

        var second = await _sut.RotateSecretAsync(first.ClientId, Admin);

        second.PreviousSecretExpiresAt.Should().BeNull();
        (await _sut.VerifyAsync(first.ClientId, first.ClientSecret, null)).Should().BeNull();
        (await _sut.VerifyAsync(first.ClientId, second.ClientSecret, null)).Should().NotBeNull();
    }

    [Fact]
    public async Task Delete_WhenDone_ThenSecretsGoAndRotateOrDeleteAgainIsNotFound()
    {
        var issued = await _sut.CreateAsync(new NewServiceAccount("Leaving", null, null), Admin);
        var told = new List<string>();
        _notifications.Changed += told.Add;

        await _sut.DeleteAsync(issued.ClientId, Admin);

        told.Should().Equal(issued.ClientId);
        (await _sut.VerifyAsync(issued.ClientId, issued.ClientSecret, null)).Should().BeNull();
        (await _sut.FindAsync(issued.ClientId)).Should().BeNull();
        await using var db = _database.CreateContext();
        (await db.ServiceAccountSecrets.CountAsync()).Should().Be(0);
        (await db.AuditEvents.Select(e => e.Action).ToListAsync()).Should().Equal("create", "delete");
        await ((Func<Task>)(() => _sut.RotateSecretAsync(issued.ClientId, Admin))).Should().ThrowAsync<NotFoundException>();
        await ((Func<Task>)(() => _sut.DeleteAsync(issued.ClientId, Admin))).Should().ThrowAsync<NotFoundException>();
    }

    [Fact]
    public async Task LastUse_WhenUsedOftenWithinAMinute_ThenWrittenOnceAndAgainAfterTheMinute()
    {
        var issued = await _sut.CreateAsync(new NewServiceAccount("Busy", null, null), Admin);
        var start = _clock.GetUtcNow();

        await _sut.VerifyAsync(issued.ClientId, issued.ClientSecret, "10.9.9.1");
        _clock.Advance(TimeSpan.FromSeconds(59));
        await _sut.VerifyAsync(issued.ClientId, issued.ClientSecret, "10.9.9.2");
        await _sut.MarkUsedAsync(issued.ClientId, "10.9.9.3");

        var listed = (await _sut.ListAsync()).Single();
        (listed.LastUsedAt, listed.LastUsedAddress).Should().Be((start, "10.9.9.1"));

        _clock.Advance(TimeSpan.FromSeconds(1));
        await _sut.MarkUsedAsync(issued.ClientId, "10.9.9.4");

        listed = (await _sut.ListAsync()).Single();
        (listed.LastUsedAt, listed.LastUsedAddress).Should().Be((start.AddMinutes(1), "10.9.9.4"));
    }

    [Fact]
    public async Task TokenCheck_WhenAnotherNodeDeletesTheAccount_ThenThisNodeRefusesOnceTheIntervalPasses()
    {
        _options.TokenCheckInterval = TimeSpan.FromSeconds(30);
        var issued = await _sut.CreateAsync(new NewServiceAccount("Cached", null, null), Admin);
        using var check = new ServiceAccountTokenCheck(_sut, _notifications, Options.Create(_options), _clock);
        (await check.ExistsAsync(issued.ClientId, CancellationToken.None)).Should().BeTrue();

        // Deleted behind this node's back: no notification reaches it.
        await using (var db = _database.CreateContext())
        {
            await db.ServiceAccounts.Where(a => a.ClientId == issued.ClientId).ExecuteDeleteAsync();
        }

        _clock.Advance(TimeSpan.FromSeconds(29));
        (await check.ExistsAsync(issued.ClientId, CancellationToken.None)).Should().BeTrue("the answer is kept for the interval");
        _clock.Advance(TimeSpan.FromSeconds(1));
        (await check.ExistsAsync(issued.ClientId, CancellationToken.None)).Should().BeFalse();
    }

    [Fact]
    public async Task TokenCheck_WhenThisNodeDeletesTheAccount_ThenItRefusesAtOnce()
    {
        var issued = await _sut.CreateAsync(new NewServiceAccount("Local", null, null), Admin);
        using var check = new ServiceAccountTokenCheck(_sut, _notifications, Options.Create(_options), _clock);
        (await check.ExistsAsync(issued.ClientId, CancellationToken.None)).Should().BeTrue();

        await _sut.DeleteAsync(issued.ClientId, Admin);

        (await check.ExistsAsync(issued.ClientId, CancellationToken.None)).Should().BeFalse();
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteServiceAccountServiceTests() : ServiceAccountServiceTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresServiceAccountServiceTests() : ServiceAccountServiceTests(DatabaseProvider.Postgres);
