using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BakeryOps.Domain.Audit;
using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Identity;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Portal.Identity;

/// <summary>
/// "Sign in with Microsoft" against the test OpenID Connect provider, on both databases: the local account is
/// created or linked (AspNetUserLogins), its roles follow AzureAd:RoleMap at every sign-in, and the portal's own
/// cookie is issued. Each test signs in a person of its own, so the shared portal's accounts do not interfere.
/// </summary>
public abstract class EntraSignInTests<TFixture>(TFixture fixture) where TFixture : EntraPortalFixture
{
    private EntraTestProvider Entra => fixture.Entra;

    [Fact]
    public async Task SignIn_WhenTheProviderApproves_ThenTheAccountIsCreatedLinkedAndSignedInWithTheMappedRoles()
    {
        var person = NewPerson(appRoles: [EntraTestProvider.PlannerAppRole], groups: [EntraTestProvider.ViewersGroup]);

        var (client, location) = await fixture.SignInThroughProviderAsync("/inventory");
        using var _ = client;
        location.OriginalString.Should().Be("/inventory");
        var me = await client.GetFromJsonAsync<JsonElement>("me");

        me.GetProperty("userName").GetString().Should().Be(person.UserName);
        me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Equal(Roles.Planner, Roles.Viewer);
        me.GetProperty("authenticationType").GetString().Should().Be(IdentityConstants.ApplicationScheme);
        Entra.LastChallengeMethod.Should().Be("S256", "the portal uses PKCE");
        Entra.LastVerifierChecked.Should().BeTrue("the token request proved the code_verifier");
        Entra.LastClientAuthentication.Should().Be("client_secret");

        await using var scope = fixture.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByLoginAsync("Entra", $"{EntraTestProvider.TenantId}/{person.ObjectId}");
        user.Should().NotBeNull();
        user!.UserName.Should().Be(person.UserName);
        user.DisplayName.Should().Be(person.DisplayName);
        (await users.HasPasswordAsync(user)).Should().BeFalse("the directory holds the password");

        var audit = await AuditRowsAsync(person.UserName);
        audit.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Category = AuditCategories.SignIn,
            Outcome = AuditOutcomes.Success,
            Method = "entra",
            ActorKind = AuditActorKinds.User,
            Target = person.UserName,
        });
        audit[0].Address.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task SignIn_WhenTheDirectoryTakesARoleAway_ThenTheNextSignInTakesItAwayToo()
    {
        var person = NewPerson(appRoles: [EntraTestProvider.PlannerAppRole], groups: [EntraTestProvider.ViewersGroup]);
        var (first, firstLocation) = await fixture.SignInThroughProviderAsync();
        using (first)
        {
            firstLocation.OriginalString.Should().Be("/");
            (await RolesAsync(first)).Should().Equal(Roles.Planner, Roles.Viewer);
        }

        Entra.User = person with { AppRoles = [] };
        var (second, location) = await fixture.SignInThroughProviderAsync();
        using var _ = second;

        location.OriginalString.Should().Be("/");
        (await RolesAsync(second)).Should().Equal(Roles.Viewer);
        await using var scope = fixture.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        (await users.GetRolesAsync((await users.FindByNameAsync(person.UserName))!)).Should().Equal(Roles.Viewer);
    }

    [Fact]
    public async Task SignIn_WhenALocalAccountHasTheSameUserName_ThenTheLoginIsLinkedToThatAccount()
    {
        var person = NewPerson(appRoles: [EntraTestProvider.PlannerAppRole], groups: []);
        await fixture.CreateUserAsync(person.UserName, "Local-Passw0rd-123!", Roles.Inventory);
        string localId;
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            localId = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync(person.UserName))!.Id;
        }

        var (client, _) = await fixture.SignInThroughProviderAsync();
        using var _ = client;

        (await RolesAsync(client)).Should().Equal([Roles.Planner], "the directory's roles replace the local ones");
        await using var check = fixture.Services.CreateAsyncScope();
        var users = check.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var linked = await users.FindByLoginAsync("Entra", $"{EntraTestProvider.TenantId}/{person.ObjectId}");
        linked!.Id.Should().Be(localId);
    }

    [Fact]
    public async Task SignIn_WhenNoAppRoleOrGroupMaps_ThenTheLoginPageSaysSoAndNoAccountIsCreated()
    {
        var person = NewPerson(appRoles: ["Some.Other.App.Role", "Admin"], groups: [Guid.NewGuid().ToString()]);

        var (client, location) = await fixture.SignInThroughProviderAsync();
        using var _ = client;
        var login = await client.GetStringAsync(location.OriginalString.TrimStart('/'));

        location.OriginalString.Should().Be("/login?external=no-role");
        login.Should().Contain("Your Microsoft account has no BakeryOps role");
        (await client.GetAsync("me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        await using var scope = fixture.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync(person.UserName)).Should().BeNull();
        (await AuditRowsAsync(person.UserName)).Should().ContainSingle().Which.Outcome.Should().Be(AuditOutcomes.Failure);
    }

    [Fact]
    public async Task Callback_WhenTheStateIsForged_ThenBackToTheLoginPageWithoutACookie()
    {
        using var client = fixture.CreateClient(cookies: true);
        var failuresBefore = (await AuditRowsAsync("(none)")).Count;

        using var response = await client.GetAsync("signin-oidc?code=forged&state=forged");

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.Should().EndWith("/login?external=failed");
        (await client.GetAsync("me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var failures = await AuditRowsAsync("(none)");
        failures.Should().HaveCount(failuresBefore + 1);
        failures.Should().OnlyContain(e => e.Outcome == AuditOutcomes.Failure && e.ActorKind == AuditActorKinds.Anonymous);
    }

    [Fact]
    public async Task LoginPage_WhenEntraIsConfigured_ThenOffersSignInWithMicrosoftBesideTheLocalForm()
    {
        using var client = fixture.CreateClient();

        var html = await client.GetStringAsync("login?ReturnUrl=%2Fsync");

        html.Should().Contain("id=\"login-entra\"").And.Contain("Sign in with Microsoft")
            .And.Contain("href=\"/signin/entra?returnUrl=%2Fsync\"").And.Contain("id=\"login-submit\"");
    }

    private EntraTestUser NewPerson(IReadOnlyList<string> appRoles, IReadOnlyList<string> groups)
    {
        var id = Guid.NewGuid();
        var person = new EntraTestUser(id.ToString(), $"person-{id:N}@contoso.test"[..30], $"Person {id:N}"[..15], appRoles, groups);
        Entra.User = person;
        return person;
    }

    private static async Task<List<string?>> RolesAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("me")).GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ToList();

    private async Task<List<AuditEvent>> AuditRowsAsync(string userName)
    {
        await using var db = await fixture.Services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>().CreateDbContextAsync();
        return await db.AuditEvents.Where(e => e.Actor == userName && e.Method == "entra").ToListAsync();
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteEntraSignInTests(SqliteEntraPortalFixture fixture)
    : EntraSignInTests<SqliteEntraPortalFixture>(fixture), IClassFixture<SqliteEntraPortalFixture>;

[Trait("Category", "Postgres")]
public sealed class PostgresEntraSignInTests(PostgresEntraPortalFixture fixture)
    : EntraSignInTests<PostgresEntraPortalFixture>(fixture), IClassFixture<PostgresEntraPortalFixture>;

/// <summary>Without an <c>AzureAd</c> section the portal has local accounts only.</summary>
[Trait("Category", "Sqlite")]
public sealed class EntraOffTests(SqlitePortalFixture fixture) : IClassFixture<SqlitePortalFixture>
{
    [Fact]
    public async Task LoginPage_WhenEntraIsNotConfigured_ThenOffersOnlyLocalAccountsAndTheSignInPathIsNotFound()
    {
        using var client = fixture.CreateClient();

        var html = await client.GetStringAsync("login");
        using var signIn = await client.GetAsync("signin/entra");

        html.Should().Contain("id=\"login-submit\"").And.NotContain("login-entra").And.NotContain("Sign in with Microsoft");
        signIn.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}

/// <summary>An app registration with a certificate: the portal proves itself with a signed client assertion.</summary>
[Trait("Category", "Sqlite")]
public sealed class EntraCertificateSignInTests(SqliteEntraCertificatePortalFixture fixture) : IClassFixture<SqliteEntraCertificatePortalFixture>
{
    [Fact]
    public async Task SignIn_WhenTheAppHasACertificate_ThenTheTokenRequestCarriesAnAssertionSignedWithIt()
    {
        var (client, location) = await fixture.SignInThroughProviderAsync();
        using var _ = client;

        location.OriginalString.Should().Be("/");
        fixture.Entra.LastClientAuthentication.Should().Be("private_key_jwt");
        (await client.GetAsync("me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
