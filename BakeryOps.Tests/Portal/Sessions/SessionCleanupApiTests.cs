using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BakeryOps.Domain.Identity;
using BakeryOps.Domain.Sessions;
using BakeryOps.Infrastructure.Identity;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Sessions;
using BakeryOps.Portal.Jobs;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace BakeryOps.Tests.Portal.Sessions;

/// <summary>DELETE /admin/cleanup-sessions and the session-cleanup job on both databases: what each removes, by kind, and the job's recorded run.</summary>
public abstract class SessionCleanupApiTests<TFixture>(TFixture fixture) where TFixture : PortalFixture
{
    [Fact]
    public async Task Cleanup_WhenSessionsAndRefreshTokensAreDead_ThenRemovesThemAndAnswersTheTotalAndEachKind()
    {
        await SeedDeadRowsAsync();
        using var client = await AdminClientAsync();

        using var response = await client.DeleteAsync("admin/cleanup-sessions");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("sessions").GetInt32().Should().BeGreaterThanOrEqualTo(1);
        body.GetProperty("expiredRefreshTokens").GetInt32().Should().BeGreaterThanOrEqualTo(1);
        body.GetProperty("revokedRefreshTokens").GetInt32().Should().BeGreaterThanOrEqualTo(1);
        body.GetProperty("deleted").GetInt32().Should().Be(
            body.GetProperty("sessions").GetInt32() + body.GetProperty("expiredRefreshTokens").GetInt32() + body.GetProperty("revokedRefreshTokens").GetInt32());
        await using var db = await Contexts().CreateDbContextAsync();
        (await db.RefreshTokens.CountAsync(t => t.FamilyId.StartsWith("dead-"))).Should().Be(0);
        (await db.RefreshTokens.CountAsync(t => t.FamilyId.StartsWith("live-"))).Should().Be(1);
    }

    [Fact]
    public async Task Job_WhenRunThroughTheApi_ThenItIsRecordedWithItsCounts()
    {
        await SeedDeadRowsAsync();
        using var client = await AdminClientAsync();

        using var response = await client.PostAsync("jobs/session-cleanup/run", null);

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var run = await response.Content.ReadFromJsonAsync<JsonElement>();
        run.GetProperty("status").GetString().Should().Be("succeeded");
        var counts = run.GetProperty("counts");
        counts.GetProperty(SessionCleanupRunner.Counts.Sessions).GetInt64().Should().BeGreaterThanOrEqualTo(1);
        counts.GetProperty(SessionCleanupRunner.Counts.ExpiredRefreshTokens).GetInt64().Should().BeGreaterThanOrEqualTo(1);
        counts.GetProperty(SessionCleanupRunner.Counts.RevokedRefreshTokens).GetInt64().Should().BeGreaterThanOrEqualTo(1);
        var runs = await client.GetFromJsonAsync<JsonElement>("jobs/runs?job=session-cleanup");
        runs.EnumerateArray().Select(r => r.GetProperty("id").GetString()).Should().Contain(run.GetProperty("id").GetString());
        var jobs = await client.GetFromJsonAsync<JsonElement>("jobs");
        jobs.EnumerateArray().Should().Contain(j => j.GetProperty("job").GetString() == "session-cleanup");
    }

    [Fact]
    public async Task Job_WhenQuartzFiresIt_ThenARunIsRecorded()
    {
        var scheduler = await fixture.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        (await scheduler.GetJobDetail(SessionCleanupJob.Key)).Should().NotBeNull();
        var catalog = fixture.Services.GetRequiredService<BakeryOps.Infrastructure.Jobs.SyncRunCatalog>();
        var before = (await catalog.ListRunsAsync(SessionCleanupRunner.Job, null, null, 0, 100, CancellationToken.None)).TotalCount;

        await scheduler.TriggerJob(SessionCleanupJob.Key);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        var recorded = false;
        while (!recorded && DateTime.UtcNow < deadline)
        {
            var page = await catalog.ListRunsAsync(SessionCleanupRunner.Job, null, null, 0, 100, CancellationToken.None);
            recorded = page.TotalCount > before && page.Items.Any(r => r.Status == "succeeded" && r.Trigger == "schedule");
            await Task.Delay(200);
        }

        recorded.Should().BeTrue("the Quartz job records its run in sync_runs");
    }

    private IDbContextFactory<BakeryOpsDbContext> Contexts() => fixture.Services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>();

    private async Task<HttpClient> AdminClientAsync()
    {
        var client = fixture.CreateClient();
        return client.WithBearer(await client.GetTokenAsync("admin", PortalFactory.AdminPassword));
    }

    // An expired session, a family whose only token passed its sliding end, a token revoked 8 days ago, and a live one.
    private async Task SeedDeadRowsAsync()
    {
        string userId;
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            userId = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync("admin"))!.Id;
        }

        var now = DateTimeOffset.UtcNow;
        await using var db = await Contexts().CreateDbContextAsync();
        db.SessionData.Add(new SessionData
        {
            Id = Guid.NewGuid(), Kind = "batch-review", OwnerUserName = "admin", PayloadJson = "[]", CreatedAt = now.AddHours(-2), ExpiresAt = now.AddHours(-1),
        });
        db.RefreshTokens.AddRange(
            Token(userId, "dead-", now.AddDays(-20), expires: now.AddDays(-1), revoked: null),
            Token(userId, "dead-", now.AddDays(-10), expires: now.AddDays(5), revoked: now.AddDays(-8)),
            Token(userId, "live-", now, expires: now.AddDays(5), revoked: null));
        await db.SaveChangesAsync();
    }

    private static RefreshToken Token(string userId, string family, DateTimeOffset created, DateTimeOffset expires, DateTimeOffset? revoked) => new()
    {
        Id = Guid.NewGuid().ToString(),
        FamilyId = family + Guid.NewGuid().ToString("N")[..20],
        UserId = userId,
        TokenHash = RefreshTokenStoreHash(),
        CreatedAt = created,
        ExpiresAt = expires,
        FamilyExpiresAt = created.AddDays(30),
        RevokedAt = revoked,
        RevokedReason = revoked is null ? null : "test",
    };

    private static string RefreshTokenStoreHash() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
}

[Trait("Category", "Sqlite")]
public sealed class SqliteSessionCleanupApiTests(SqlitePortalFixture fixture)
    : SessionCleanupApiTests<SqlitePortalFixture>(fixture), IClassFixture<SqlitePortalFixture>;

[Trait("Category", "Postgres")]
public sealed class PostgresSessionCleanupApiTests(PostgresPortalFixture fixture)
    : SessionCleanupApiTests<PostgresPortalFixture>(fixture), IClassFixture<PostgresPortalFixture>;
