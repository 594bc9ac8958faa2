using System.Diagnostics;
using System.Net;
using System.Security.Claims;
using System.Text;
using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Identity;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static BakeryOps.Tests.Portal.Identity.TokenRequests;

namespace BakeryOps.Tests.Portal.Identity;

/// <summary>
/// A user's bearer and refresh tokens stop working after a lock, a role change, a password reset or a delete on the
/// Users page, and after a security-stamp change made elsewhere within Jwt:RevocationCheckSeconds (1 s here).
/// </summary>
public abstract class TokenRevocationTests<TFixture>(TFixture fixture) where TFixture : TokenPortalFixture
{
    private const string Password = "Revoke-Passw0rd-42";

    public static TheoryData<string> Changes => ["lock", "roles", "password", "delete"];

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Bearer_WhenTheUsersPageChangesTheUser_ThenTheTokensIssuedBeforeFailAtTheNextRequest(string change)
    {
        var user = await NewUserAsync(Roles.Viewer, Roles.Planner);
        using var client = fixture.CreateClient();
        var (_, tokens) = await PasswordAsync(client, user, Password);
        client.WithBearer(tokens.Access());
        (await client.GetAsync("me")).StatusCode.Should().Be(HttpStatusCode.OK, "the stamp is read and cached now");

        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var result = change switch
            {
                "lock" => await admin.LockAsync(user, "admin"),
                "roles" => await admin.SetRolesAsync(user, [Roles.Viewer], "admin"),
                "password" => await admin.ResetPasswordAsync(user, "Another-Passw0rd-43", "admin"),
                _ => await admin.DeleteAsync(user, "admin"),
            };
            result.Succeeded.Should().BeTrue();
        }

        (await client.GetAsync("me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "this node forgets the cached stamp at once");
        var (refresh, body) = await RefreshAsync(fixture.CreateClient(), tokens.Refresh());
        refresh.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        body.GetProperty("error").GetString().Should().Be("invalid_grant");
    }

    [Fact]
    public async Task Bearer_WhenTheStampChangesOnAnotherNode_ThenTheTokenFailsWithinTheCheckInterval()
    {
        var user = await NewUserAsync(Roles.Viewer);
        using var client = fixture.CreateClient();
        var (_, tokens) = await PasswordAsync(client, user, Password);
        client.WithBearer(tokens.Access());
        (await client.GetAsync("me")).StatusCode.Should().Be(HttpStatusCode.OK);

        // Straight through Identity: nothing tells this node's cache, as with a change made on another portal node.
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            (await users.UpdateSecurityStampAsync((await users.FindByNameAsync(user))!)).Succeeded.Should().BeTrue();
        }

        var watch = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            status = (await client.GetAsync("me")).StatusCode;
            if (status == HttpStatusCode.OK)
            {
                await Task.Delay(100);
            }
        }
        while (status == HttpStatusCode.OK && watch.Elapsed < TimeSpan.FromSeconds(10));

        status.Should().Be(HttpStatusCode.Unauthorized);
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1) + TimeSpan.FromSeconds(2), "Jwt:RevocationCheckSeconds is 1 (plus request time)");
    }

    [Fact]
    public async Task Bearer_WhenNothingChanged_ThenTheTokenKeepsWorkingPastTheCheckInterval()
    {
        var user = await NewUserAsync(Roles.Viewer);
        using var client = fixture.CreateClient();
        var (_, tokens) = await PasswordAsync(client, user, Password);
        client.WithBearer(tokens.Access());
        (await client.GetAsync("me")).StatusCode.Should().Be(HttpStatusCode.OK);

        await Task.Delay(TimeSpan.FromSeconds(1.2));

        (await client.GetAsync("me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Bearer_WhenASignedTokenHasNoSecurityStamp_Then401()
    {
        var user = await NewUserAsync(Roles.Viewer);
        string id;
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            id = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync(user))!.Id;
        }

        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "bakeryops",
            Audience = "bakeryops-api",
            Subject = new ClaimsIdentity([new Claim("sub", id), new Claim("name", user), new Claim("role", Roles.Viewer)]),
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(PortalFactory.SigningKey)), SecurityAlgorithms.HmacSha256),
        });
        using var client = fixture.CreateClient().WithBearer(token);

        (await client.GetAsync("me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private async Task<string> NewUserAsync(params string[] roles)
    {
        var name = $"revoke-{Guid.NewGuid():N}"[..20];
        await fixture.CreateUserAsync(name, Password, roles);
        return name;
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteTokenRevocationTests(SqliteTokenPortalFixture fixture)
    : TokenRevocationTests<SqliteTokenPortalFixture>(fixture), IClassFixture<SqliteTokenPortalFixture>;

[Trait("Category", "Postgres")]
public sealed class PostgresTokenRevocationTests(PostgresTokenPortalFixture fixture)
    : TokenRevocationTests<PostgresTokenPortalFixture>(fixture), IClassFixture<PostgresTokenPortalFixture>;
