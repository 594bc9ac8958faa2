using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BakeryOps.Domain.Identity;
using BakeryOps.Tests.TestInfrastructure;

namespace BakeryOps.Tests.Portal.Identity;

/// <summary>
/// The provisioning API over the Users page's rules, on both providers: create, change roles, lock, unlock and delete;
/// field errors name the JSON field, an unknown user is 404, and the last-admin and self rules are 409.
/// </summary>
public abstract class AdminUserApiTests<TFixture>(TFixture fixture) where TFixture : PortalFixture
{
    private const string Password = "Provisioned-Passw0rd!";

    [Fact]
    public async Task Users_WhenCreatedGivenRolesLockedUnlockedAndDeleted_ThenEachStepAnswersAndTheListFollows()
    {
        using var admin = await AdminAsync();

        using var created = await admin.PostAsync("admin/users", Json($$"""{"userName":"prov-baker","password":"{{Password}}","roles":["Viewer"],"displayName":"Baker"}"""));
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        (body.GetProperty("userName").GetString(), body.GetProperty("displayName").GetString()).Should().Be(("prov-baker", "Baker"));
        (await fixture.CreateClient().GetTokenAsync("prov-baker", Password)).Should().NotBeNullOrEmpty();

        (await admin.PutAsync("admin/users/prov-baker/roles", Json("""{"roles":["Planner","Inventory"]}"""))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await UserAsync(admin, "prov-baker")).GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Equal(Roles.Planner, Roles.Inventory);

        (await admin.PostAsync("admin/users/prov-baker/lock", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await UserAsync(admin, "prov-baker")).GetProperty("isLockedOut").GetBoolean().Should().BeTrue();
        (await admin.PostAsync("admin/users/prov-baker/unlock", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await UserAsync(admin, "prov-baker")).GetProperty("isLockedOut").GetBoolean().Should().BeFalse();

        (await admin.DeleteAsync("admin/users/prov-baker")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await admin.GetFromJsonAsync<JsonElement>("admin/users")).EnumerateArray().Select(u => u.GetProperty("userName").GetString())
            .Should().NotContain("prov-baker").And.Contain("admin");
    }

    [Theory]
    [InlineData("""{"userName":"prov-short","password":"short","roles":["Viewer"]}""", "password")]
    [InlineData("""{"userName":"admin","password":"Provisioned-Passw0rd!","roles":["Viewer"]}""", "userName")]
    [InlineData("""{"userName":"prov-norole","password":"Provisioned-Passw0rd!","roles":[]}""", "roles")]
    [InlineData("""{"userName":"prov-badrole","password":"Provisioned-Passw0rd!","roles":["Root"]}""", "roles")]
    [InlineData("""{"password":"Provisioned-Passw0rd!","roles":["Viewer"]}""", "userName")]
    [InlineData("""{"userName":"prov-type","password":"Provisioned-Passw0rd!","roles":"Viewer"}""", "roles")]
    [InlineData("""[]""", "body")]
    public async Task Create_WhenAFieldIsInvalid_Then400NamingIt(string body, string field)
    {
        using var admin = await AdminAsync();

        using var response = await admin.PostAsync("admin/users", Json(body));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Contain(field);
    }

    [Fact]
    public async Task Changes_WhenTheyTargetTheCallerOrTheLastAdmin_Then409AndNothingChanges()
    {
        using var admin = await AdminAsync();

        using var demote = await admin.PutAsync("admin/users/admin/roles", Json("""{"roles":["Viewer"]}"""));
        using var lockSelf = await admin.PostAsync("admin/users/admin/lock", null);
        using var deleteSelf = await admin.DeleteAsync("admin/users/admin");

        demote.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await demote.Content.ReadAsStringAsync()).Should().Contain("last active administrator");
        lockSelf.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await lockSelf.Content.ReadAsStringAsync()).Should().Contain("your own account");
        deleteSelf.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var self = await UserAsync(admin, "admin");
        self.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Contain(Roles.Admin);
        self.GetProperty("isLockedOut").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task Changes_WhenAnotherAdminActsOnTheLastActiveAdmin_Then409()
    {
        await fixture.CreateUserAsync("prov-admin2", Password, Roles.Admin);
        using var second = fixture.CreateClient().WithBearer(await fixture.CreateClient().GetTokenAsync("prov-admin2", Password));
        using var admin = await AdminAsync();
        (await admin.PostAsync("admin/users/prov-admin2/lock", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        // prov-admin2's token still carries Admin; admin is now the only active administrator.
        using var lockLast = await second.PostAsync("admin/users/admin/lock", null);

        lockLast.StatusCode.Should().BeOneOf(HttpStatusCode.Conflict, HttpStatusCode.Unauthorized);
        (await UserAsync(admin, "admin")).GetProperty("isLockedOut").GetBoolean().Should().BeFalse();
        (await admin.DeleteAsync("admin/users/prov-admin2")).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Changes_WhenTheUserDoesNotExist_Then404()
    {
        using var admin = await AdminAsync();

        (await admin.PutAsync("admin/users/nobody-here/roles", Json("""{"roles":["Viewer"]}"""))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await admin.PostAsync("admin/users/nobody-here/lock", null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await admin.PostAsync("admin/users/nobody-here/unlock", null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await admin.DeleteAsync("admin/users/nobody-here")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UsersPath_WhenABrowserAsksForHtml_ThenThePageAnswersAndAnApiCallerGetsJson()
    {
        using var admin = await AdminAsync();
        using var page = new HttpRequestMessage(HttpMethod.Get, "admin/users");
        page.Headers.Accept.ParseAdd("text/html");
        using var anonymousPage = new HttpRequestMessage(HttpMethod.Get, "admin/users");
        anonymousPage.Headers.Accept.ParseAdd("text/html");

        using var html = await admin.SendAsync(page);
        using var json = await admin.GetAsync("admin/users");
        using var redirect = await fixture.CreateClient().SendAsync(anonymousPage);

        html.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        json.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        redirect.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await fixture.CreateClient().GetAsync("admin/users")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private async Task<HttpClient> AdminAsync()
    {
        var client = fixture.CreateClient();
        return client.WithBearer(await client.GetTokenAsync("admin", PortalFactory.AdminPassword));
    }

    private static async Task<JsonElement> UserAsync(HttpClient admin, string userName) =>
        (await admin.GetFromJsonAsync<JsonElement>("admin/users")).EnumerateArray().Single(u => u.GetProperty("userName").GetString() == userName);

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}

[Trait("Category", "Sqlite")]
public sealed class SqliteAdminUserApiTests(SqlitePortalFixture fixture)
    : AdminUserApiTests<SqlitePortalFixture>(fixture), IClassFixture<SqlitePortalFixture>;

[Trait("Category", "Postgres")]
public sealed class PostgresAdminUserApiTests(PostgresPortalFixture fixture)
    : AdminUserApiTests<PostgresPortalFixture>(fixture), IClassFixture<PostgresPortalFixture>;
