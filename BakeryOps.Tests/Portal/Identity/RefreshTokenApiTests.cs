using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BakeryOps.Domain.Audit;
using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Identity;
using BakeryOps.Infrastructure.Identity.Tokens;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using BakeryOps.Portal.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static BakeryOps.Tests.Portal.Identity.TokenRequests;

namespace BakeryOps.Tests.Portal.Identity;

/// <summary>POST /token's refresh grant against the running portal on both databases: rotation, reuse, refusals and their audit rows.</summary>
public abstract class RefreshTokenApiTests<TFixture>(TFixture fixture) where TFixture : TokenPortalFixture
{
    private const string Password = "Refresh-Passw0rd-42";

    [Fact]
    public async Task Token_WhenThePasswordGrantSucceeds_ThenItAlsoReturnsARefreshTokenStoredOnlyAsItsHash()
    {
        var user = await NewUserAsync(Roles.Viewer);
        using var client = fixture.CreateClient();

        var (response, body) = await PasswordAsync(client, user, Password);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var refresh = body.Refresh();
        refresh.Should().MatchRegex("^[A-Za-z0-9_-]{43}$");
        await using var db = await Contexts().CreateDbContextAsync();
        var row = await db.RefreshTokens.SingleAsync(t => t.UserId == new JsonWebToken(body.Access()).Subject);
        row.TokenHash.Should().Be(RefreshTokenStore.Hash(refresh));
        (await db.AuditEvents.Where(e => e.Target == user && e.Category == AuditCategories.Token).SingleAsync())
            .Should().BeEquivalentTo(new { Action = "grant", Outcome = AuditOutcomes.Success, Method = "password", Actor = user });
    }

    [Fact]
    public async Task Refresh_WhenTheTokenIsValid_ThenRotatesItAndTheNewAccessTokenCarriesTheUsersCurrentRoles()
    {
        var user = await NewUserAsync(Roles.Viewer);
        using var client = fixture.CreateClient();
        var (_, first) = await PasswordAsync(client, user, Password);
        await AddRoleDirectlyAsync(user, Roles.Planner);

        var (response, second) = await RefreshAsync(client, first.Refresh());

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        second.GetProperty("token_type").GetString().Should().Be("bearer");
        second.Refresh().Should().NotBe(first.Refresh());
        new JsonWebToken(second.Access()).Claims.Where(c => c.Type == "role").Select(c => c.Value)
            .Should().BeEquivalentTo(Roles.Viewer, Roles.Planner);
        client.WithBearer(second.Access());
        (await client.GetFromJsonAsync<JsonElement>("me")).GetProperty("userName").GetString().Should().Be(user);
        var (again, _) = await RefreshAsync(fixture.CreateClient(), second.Refresh());
        again.StatusCode.Should().Be(HttpStatusCode.OK, "the successor is redeemable in turn");
    }

    [Fact]
    public async Task Refresh_WhenSentAsJson_ThenRotatesToo()
    {
        var user = await NewUserAsync(Roles.Viewer);
        using var client = fixture.CreateClient();
        var (_, first) = await PasswordAsync(client, user, Password);

        using var response = await client.PostAsJsonAsync("token", new { grant_type = "refresh_token", refresh_token = first.Refresh() });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).Refresh().Should().NotBe(first.Refresh());
    }

    [Fact]
    public async Task Refresh_WhenARotatedTokenIsReused_ThenTheFamilyIsRevokedTheNewestStopsWorkingAndASecurityEventIsRecorded()
    {
        var user = await NewUserAsync(Roles.Viewer);
        using var client = fixture.CreateClient();
        var (_, first) = await PasswordAsync(client, user, Password);
        var (_, second) = await RefreshAsync(client, first.Refresh());

        var (reuse, reuseBody) = await RefreshAsync(client, first.Refresh());
        var (newest, newestBody) = await RefreshAsync(client, second.Refresh());

        AssertInvalidGrant(reuse, reuseBody);
        AssertInvalidGrant(newest, newestBody);
        await using var db = await Contexts().CreateDbContextAsync();
        var security = await db.AuditEvents.Where(e => e.Category == AuditCategories.Security && e.Target == user).SingleAsync();
        security.Should().BeEquivalentTo(new { Action = "refresh-token-reuse", Outcome = AuditOutcomes.Denied, Method = "refresh_token" });
        security.Detail.Should().Contain("revoked (2 token(s))");
        (await db.AuditEvents.CountAsync(e => e.Target == user && e.Category == AuditCategories.Token && e.Outcome == AuditOutcomes.Failure))
            .Should().Be(2);
    }

    [Fact]
    public async Task Refresh_WhenARotatedTokenIsReused_ThenAWarningNamesTheUserAndTheRevokedFamily()
    {
        var user = await NewUserAsync(Roles.Viewer);
        using var client = fixture.CreateClient();
        var (_, first) = await PasswordAsync(client, user, Password);
        await RefreshAsync(client, first.Refresh());
        // The grant with its own logger: every portal of the test run logs through Serilog's one static logger.
        var logger = new FakeLogger<TokenRefreshGrant>();
        await using var scope = fixture.Services.CreateAsyncScope();
        var grant = ActivatorUtilities.CreateInstance<TokenRefreshGrant>(scope.ServiceProvider, logger);

        var result = await grant.HandleAsync(
            new TokenRequest(null, null, "refresh_token", first.Refresh()), new DefaultHttpContext { RequestServices = scope.ServiceProvider }, CancellationToken.None);

        result.Result.Should().BeOfType<ProblemHttpResult>().Which.StatusCode.Should().Be(400);
        var warning = logger.Collector.GetSnapshot().Should().ContainSingle(r => r.Level == LogLevel.Warning).Subject;
        warning.Message.Should().StartWith($"Security: a rotated refresh token of {user} was used again").And.Contain("revoked (2 token(s))");
    }

    [Theory]
    [InlineData("not-a-refresh-token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Refresh_WhenTheTokenIsUnknown_Then400InvalidGrantProblem(string token)
    {
        var (response, body) = await RefreshAsync(fixture.CreateClient(), token);

        AssertInvalidGrant(response, body);
    }

    [Fact]
    public async Task Refresh_WhenTheFieldIsMissing_Then400NamingIt()
    {
        using var response = await fixture.CreateClient().PostAsync("token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "refresh_token" }));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("refresh_token", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Token_WhenTheGrantTypeIsUnknown_Then400UnsupportedGrantType()
    {
        using var response = await fixture.CreateClient().PostAsync("token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "implicit" }));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().Should().Be("unsupported_grant_type");
    }

    [Fact]
    public async Task Refresh_WhenTheUserIsLockedOrDeleted_ThenInvalidGrant()
    {
        var locked = await NewUserAsync(Roles.Viewer);
        var deleted = await NewUserAsync(Roles.Viewer);
        using var client = fixture.CreateClient();
        var (_, lockedTokens) = await PasswordAsync(client, locked, Password);
        var (_, deletedTokens) = await PasswordAsync(client, deleted, Password);
        // Locked by failed sign-ins (not by an admin, which also revokes): the lock itself must stop the refresh.
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var account = (await users.FindByNameAsync(locked))!;
            await users.SetLockoutEnabledAsync(account, true);
            await users.SetLockoutEndDateAsync(account, DateTimeOffset.UtcNow.AddMinutes(5));
            await users.DeleteAsync((await users.FindByNameAsync(deleted))!);
        }

        var (lockedResponse, lockedBody) = await RefreshAsync(client, lockedTokens.Refresh());
        var (deletedResponse, deletedBody) = await RefreshAsync(client, deletedTokens.Refresh());

        AssertInvalidGrant(lockedResponse, lockedBody);
        AssertInvalidGrant(deletedResponse, deletedBody);
    }

    private static void AssertInvalidGrant(HttpResponseMessage response, JsonElement body)
    {
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        body.GetProperty("status").GetInt32().Should().Be(400);
        body.GetProperty("error").GetString().Should().Be("invalid_grant");
        body.TryGetProperty("access_token", out _).Should().BeFalse();
    }

    private IDbContextFactory<BakeryOpsDbContext> Contexts() => fixture.Services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>();

    private async Task<string> NewUserAsync(params string[] roles)
    {
        var name = $"refresh-{Guid.NewGuid():N}"[..20];
        await fixture.CreateUserAsync(name, Password, roles);
        return name;
    }

    // Roles changed outside the Users page (a directory sign-in's role map): no stamp change, so the refresh picks them up.
    private async Task AddRoleDirectlyAsync(string userName, string role)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        (await users.AddToRoleAsync((await users.FindByNameAsync(userName))!, role)).Succeeded.Should().BeTrue();
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteRefreshTokenApiTests(SqliteTokenPortalFixture fixture)
    : RefreshTokenApiTests<SqliteTokenPortalFixture>(fixture), IClassFixture<SqliteTokenPortalFixture>;

[Trait("Category", "Postgres")]
public sealed class PostgresRefreshTokenApiTests(PostgresTokenPortalFixture fixture)
    : RefreshTokenApiTests<PostgresTokenPortalFixture>(fixture), IClassFixture<PostgresTokenPortalFixture>;
