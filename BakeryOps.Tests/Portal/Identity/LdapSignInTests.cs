using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using BakeryOps.Domain.Audit;
using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Identity;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.Infrastructure.Identity.Ldap;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Portal.Identity;

/// <summary>A portal signed in to the test slapd: SQLite over LDAPS reading memberOf.</summary>
public sealed class LdapsSqlitePortalFixture : PortalFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string?> Settings => LdapTestDirectory.Settings(TestEnvironment.LdapUrl, groupSearch: false);

    protected override void ConfigureServices(IServiceCollection services) => LdapTestDirectory.MapAdminsByDn(services);
}

/// <summary>PostgreSQL over StartTLS, searching the groups.</summary>
public sealed class LdapStartTlsPostgresPortalFixture : PortalFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override IReadOnlyDictionary<string, string?> Settings => LdapTestDirectory.Settings(TestEnvironment.LdapStartTlsUrl, groupSearch: true);

    protected override void ConfigureServices(IServiceCollection services) => LdapTestDirectory.MapAdminsByDn(services);
}

/// <summary>
/// Directory sign-in through both doors, the sign-in page and the password grant of POST /token, against the real
/// slapd of ./scripts/test.sh. Each test adds its own directory users.
/// </summary>
public abstract class LdapSignInTests<TFixture>(TFixture fixture) where TFixture : PortalFixture
{
    private const string Password = "Directory-Passw0rd!";
    private const string Generic = "Invalid user name or password.";

    [Fact]
    public async Task Token_WhenTheDirectoryPasswordIsRight_ThenTheLocalAccountIsCreatedWithoutAPasswordAndHasTheMappedRoles()
    {
        var uid = LdapTestDirectory.NewUserName();
        LdapTestDirectory.AddUser(uid, Password, "planners");
        using var client = fixture.CreateClient();

        client.WithBearer(await client.GetTokenAsync(uid, Password));
        var me = await client.GetFromJsonAsync<JsonElement>("me");

        Roles(me).Should().Equal(BakeryOps.Domain.Identity.Roles.Inventory, BakeryOps.Domain.Identity.Roles.Planner);
        await using var scope = fixture.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByNameAsync(uid);
        user.Should().NotBeNull();
        (await users.HasPasswordAsync(user!)).Should().BeFalse();
        user!.DisplayName.Should().Be($"Directory {uid}");
        user.Email.Should().Be($"{uid}@bakeryops.test");
    }

    [Fact]
    public async Task LoginPage_WhenTheDirectoryPasswordIsRight_ThenTheCookieCarriesTheRolesOfTheGroupMappedByDn()
    {
        var uid = LdapTestDirectory.NewUserName();
        LdapTestDirectory.AddUser(uid, Password, "bakery-admins");
        using var client = fixture.CreateClient(cookies: true);

        using var response = await SubmitLoginAsync(client, uid, Password);
        var me = await client.GetFromJsonAsync<JsonElement>("me");

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        me.GetProperty("userName").GetString().Should().Be(uid);
        Roles(me).Should().Equal(BakeryOps.Domain.Identity.Roles.Admin);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SignIn_WhenThePasswordIsWrongOrTheUserUnknown_ThenTheGenericFailureOnBothDoors(bool unknownUser)
    {
        var uid = LdapTestDirectory.NewUserName();
        LdapTestDirectory.AddUser(uid, Password, "viewers");
        var (name, password) = unknownUser ? ("nobody-" + uid, Password) : (uid, "not-the-password");

        await ExpectGenericFailureAsync(name, password);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("{prefix}*")]
    [InlineData("{user})(uid=*")]
    [InlineData("*)(|(uid=*")]
    [InlineData("{user})(|(uid=*")]
    [InlineData("\\00")]
    [InlineData("{user}\\00")]
    public async Task SignIn_WhenTheNameTriesFilterInjectionWithARealPassword_ThenTheGenericFailureOnBothDoors(string pattern)
    {
        var uid = LdapTestDirectory.NewUserName();
        LdapTestDirectory.AddUser(uid, Password, "bakery-admins");
        var typed = pattern.Replace("{prefix}", uid[..^3], StringComparison.Ordinal).Replace("{user}", uid, StringComparison.Ordinal);

        await ExpectGenericFailureAsync(typed, Password);
    }

    [Fact]
    public async Task Token_WhenTheNameHoldsANul_Then400NamingTheFieldAndNoToken()
    {
        // The JSON reader refuses control characters and the sign-in form refuses a NUL (see AuthenticationTests), so
        // a NUL never reaches the directory; LdapFilterTests shows it would be escaped if it did.
        var uid = LdapTestDirectory.NewUserName();
        LdapTestDirectory.AddUser(uid, Password, "viewers");
        using var client = fixture.CreateClient();

        using var response = await client.PostAsJsonAsync("token", new { username = uid + "\0", password = Password });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        body.GetProperty("errors").TryGetProperty("username", out _).Should().BeTrue();
        body.TryGetProperty("access_token", out _).Should().BeFalse();
    }

    [Fact]
    public async Task Token_WhenTheGroupsChangeInTheDirectory_ThenTheNextSignInHasTheNewRoles_AndNoMappedGroupMeansNotAllowed()
    {
        var uid = LdapTestDirectory.NewUserName();
        LdapTestDirectory.AddUser(uid, Password, "viewers");
        using var client = fixture.CreateClient();

        var before = await MeWithTokenAsync(client, uid);
        LdapTestDirectory.AddToGroup(uid, "planners");
        LdapTestDirectory.RemoveFromGroup(uid, "viewers");
        var after = await MeWithTokenAsync(client, uid);
        LdapTestDirectory.RemoveFromGroup(uid, "planners");
        client.DefaultRequestHeaders.Authorization = null;
        using var refused = await client.PostAsync("token", Form(uid, Password));

        Roles(before).Should().Equal(BakeryOps.Domain.Identity.Roles.Viewer);
        Roles(after).Should().Equal(BakeryOps.Domain.Identity.Roles.Inventory, BakeryOps.Domain.Identity.Roles.Planner);
        await ExpectUnauthorizedAsync(refused, "The account is not allowed to sign in.");
        await using var scope = fixture.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        (await users.GetRolesAsync((await users.FindByNameAsync(uid))!)).Should().BeEmpty("the directory took the last mapped group away");
    }

    [Fact]
    public async Task LoginPage_WhenTheGroupsChangeInTheDirectory_ThenTheNextSignInHasTheNewRoles()
    {
        var uid = LdapTestDirectory.NewUserName();
        LdapTestDirectory.AddUser(uid, Password, "planners");

        var before = await MeWithCookieAsync(uid);
        LdapTestDirectory.AddToGroup(uid, "bakery-admins");
        LdapTestDirectory.RemoveFromGroup(uid, "planners");
        var after = await MeWithCookieAsync(uid);

        Roles(before).Should().Equal(BakeryOps.Domain.Identity.Roles.Inventory, BakeryOps.Domain.Identity.Roles.Planner);
        Roles(after).Should().Equal(BakeryOps.Domain.Identity.Roles.Admin);
    }

    [Fact]
    public async Task SignIn_WhenALocalAccountWithAPasswordHasTheName_ThenOnlyTheLocalPasswordWorks()
    {
        // A directory entry must not take over a local account that happens to share its name.
        var uid = LdapTestDirectory.NewUserName("shared");
        const string LocalPassword = "Local-Account-Passw0rd!";
        await fixture.CreateUserAsync(uid, LocalPassword, BakeryOps.Domain.Identity.Roles.Viewer);
        LdapTestDirectory.AddUser(uid, Password, "bakery-admins");
        using var client = fixture.CreateClient();

        var local = await MeWithTokenAsync(client, uid, LocalPassword);
        client.DefaultRequestHeaders.Authorization = null;
        using var directory = await client.PostAsync("token", Form(uid, Password));

        Roles(local).Should().Equal(BakeryOps.Domain.Identity.Roles.Viewer);
        await ExpectUnauthorizedAsync(directory, Generic);
    }

    [Fact]
    public async Task SignIn_WhenThroughTheDirectory_ThenAuditRowsWithMethodLdapForSuccessAndFailure()
    {
        var uid = LdapTestDirectory.NewUserName();
        LdapTestDirectory.AddUser(uid, Password, "viewers");
        using var client = fixture.CreateClient();

        using var success = await client.PostAsync("token", Form(uid, Password));
        using var failure = await client.PostAsync("token", Form(uid, "not-the-password"));
        using var cookieClient = fixture.CreateClient(cookies: true);
        using var page = await SubmitLoginAsync(cookieClient, uid, Password);

        await using var db = await fixture.Services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>().CreateDbContextAsync();
        var rows = await db.AuditEvents.Where(e => e.Target == uid).OrderBy(e => e.Id).ToListAsync();
        rows.Select(r => (r.Category, r.Action, r.Outcome, r.Method, r.Actor)).Should().Equal(
            (AuditCategories.Token, "grant", AuditOutcomes.Success, "ldap", uid),
            (AuditCategories.Token, "grant", AuditOutcomes.Failure, "ldap", uid),
            (AuditCategories.SignIn, "sign-in", AuditOutcomes.Success, "ldap", uid));
        rows[0].Detail.Should().Be("roles: Viewer");
        rows.Should().OnlyContain(r => r.Address != null && !r.Detail!.Contains(Password));
    }

    private async Task ExpectGenericFailureAsync(string name, string password)
    {
        using var client = fixture.CreateClient(cookies: true);
        using var token = await client.PostAsJsonAsync("token", new { username = name, password });
        await ExpectUnauthorizedAsync(token, Generic);

        using var page = await SubmitLoginAsync(client, name, password);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        page.StatusCode.Should().Be(HttpStatusCode.OK, html);
        html.Should().Contain(Generic).And.NotContain(PasswordSignInResult.DirectoryUnavailableMessage);
        page.Headers.Contains("Set-Cookie").Should().BeFalse();
    }

    private async Task<JsonElement> MeWithCookieAsync(string uid)
    {
        using var client = fixture.CreateClient(cookies: true);
        using var response = await SubmitLoginAsync(client, uid, Password);
        response.StatusCode.Should().Be(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return await client.GetFromJsonAsync<JsonElement>("me");
    }

    private static async Task<JsonElement> MeWithTokenAsync(HttpClient client, string uid, string password = Password)
    {
        client.DefaultRequestHeaders.Authorization = null;
        client.WithBearer(await client.GetTokenAsync(uid, password));
        return await client.GetFromJsonAsync<JsonElement>("me");
    }

    internal static async Task ExpectUnauthorizedAsync(HttpResponseMessage response, string detail)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, body);
        JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString().Should().Be(detail);
    }

    internal static string[] Roles(JsonElement me) => [.. me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!)];

    internal static FormUrlEncodedContent Form(string userName, string password) => new(new Dictionary<string, string>
    {
        ["username"] = userName,
        ["password"] = password,
    });

    internal static async Task<HttpResponseMessage> SubmitLoginAsync(HttpClient client, string userName, string password)
    {
        var page = await client.GetStringAsync("login");
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        token.Should().NotBeEmpty("the login form carries an antiforgery token");
        return await client.PostAsync("login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        }));
    }
}

[Trait("Category", "Ldap")]
[Trait("Category", "Sqlite")]
public sealed class LdapsSqliteSignInTests(LdapsSqlitePortalFixture fixture)
    : LdapSignInTests<LdapsSqlitePortalFixture>(fixture), IClassFixture<LdapsSqlitePortalFixture>;

[Trait("Category", "Ldap")]
[Trait("Category", "Postgres")]
public sealed class LdapStartTlsPostgresSignInTests(LdapStartTlsPostgresPortalFixture fixture)
    : LdapSignInTests<LdapStartTlsPostgresPortalFixture>(fixture), IClassFixture<LdapStartTlsPostgresPortalFixture>;

/// <summary>A portal whose directory server is down: a clear message for directory users, local accounts unaffected.</summary>
public sealed class LdapDownPortalFixture : PortalFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } =
        new Dictionary<string, string?>(LdapTestDirectory.Settings($"ldaps://127.0.0.1:{LdapDirectoryTests.ClosedPort()}", groupSearch: false));
}

[Trait("Category", "Ldap")]
public sealed class LdapDownSignInTests(LdapDownPortalFixture fixture) : IClassFixture<LdapDownPortalFixture>
{
    [Fact]
    public async Task Token_WhenTheDirectoryIsDown_Then503WithTheDirectoryMessage_AndALocalAccountStillGetsAToken()
    {
        using var client = fixture.CreateClient();

        using var directory = await client.PostAsync("token", LdapSignInTests<LdapDownPortalFixture>.Form("someone-in-the-directory", "Directory-Passw0rd!"));
        var body = await directory.Content.ReadFromJsonAsync<JsonElement>();
        client.WithBearer(await client.GetTokenAsync("admin", PortalFactory.AdminPassword));
        var me = await client.GetFromJsonAsync<JsonElement>("me");

        directory.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        body.GetProperty("detail").GetString().Should().Be(PasswordSignInResult.DirectoryUnavailableMessage)
            .And.StartWith("The directory server cannot be reached");
        LdapSignInTests<LdapDownPortalFixture>.Roles(me).Should().Equal(Roles.Admin);
    }

    [Fact]
    public async Task LoginPage_WhenTheDirectoryIsDown_ThenShowsTheDirectoryMessage_AndALocalAccountStillSignsIn()
    {
        using var client = fixture.CreateClient(cookies: true);

        using var directory = await LdapSignInTests<LdapDownPortalFixture>.SubmitLoginAsync(client, "someone-in-the-directory", "Directory-Passw0rd!");
        var html = WebUtility.HtmlDecode(await directory.Content.ReadAsStringAsync());
        using var local = await LdapSignInTests<LdapDownPortalFixture>.SubmitLoginAsync(client, "admin", PortalFactory.AdminPassword);
        var me = await client.GetFromJsonAsync<JsonElement>("me");

        directory.StatusCode.Should().Be(HttpStatusCode.OK);
        html.Should().Contain(PasswordSignInResult.DirectoryUnavailableMessage);
        local.StatusCode.Should().Be(HttpStatusCode.Redirect);
        me.GetProperty("userName").GetString().Should().Be("admin");
    }

    [Fact]
    public async Task SignIn_WhenTheDirectoryIsDown_ThenAFailureAuditRowSaysSo()
    {
        using var client = fixture.CreateClient();
        var name = LdapTestDirectory.NewUserName("down");

        using var response = await client.PostAsync("token", LdapSignInTests<LdapDownPortalFixture>.Form(name, "Directory-Passw0rd!"));

        await using var db = await fixture.Services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>().CreateDbContextAsync();
        var row = await db.AuditEvents.SingleAsync(e => e.Target == name);
        row.Outcome.Should().Be(AuditOutcomes.Failure);
        row.Method.Should().Be("ldap");
        row.Detail.Should().StartWith("directory unavailable");
    }
}
