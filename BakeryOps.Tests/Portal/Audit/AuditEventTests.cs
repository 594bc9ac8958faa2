using System.Net;
using System.Text;
using BakeryOps.Domain.Audit;
using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Audit;
using BakeryOps.Infrastructure.Identity;
using BakeryOps.Infrastructure.Schemas;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Portal.Audit;

/// <summary>
/// Each audited action over HTTP writes exactly one row with actor, time, address and target: sign-ins on the page
/// (success, failure, locked), token password grants (success, failure), job runs, pauses and resumes started by a
/// person, and a dataset setting changed.
/// </summary>
[Trait("Category", "Sqlite")]
public sealed class AuditEventTests(SqlitePortalFixture fixture) : IClassFixture<SqlitePortalFixture>
{
    private const string Password = "Audit-Event-Passw0rd!";

    [Fact]
    public async Task SignInPage_WhenThePasswordIsRight_ThenOneSuccessRowWithMethodLocal()
    {
        await fixture.CreateUserAsync("audit-login-ok", Password, Roles.Viewer);
        using var client = fixture.CreateClient(cookies: true);

        using var response = await SubmitLoginAsync(client, "audit-login-ok", Password);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var row = (await AuditRows.OfAsync(fixture.Services, AuditCategories.SignIn, "audit-login-ok"))
            .ShouldBeOne("sign-in", AuditOutcomes.Success, "audit-login-ok");
        row.Method.Should().Be("local");
        row.ActorKind.Should().Be(AuditActorKinds.User);
    }

    [Fact]
    public async Task SignInPage_WhenThePasswordIsWrong_ThenOneFailureRowNamingTheTriedUser()
    {
        await fixture.CreateUserAsync("audit-login-bad", Password, Roles.Viewer);
        using var client = fixture.CreateClient(cookies: true);

        using var response = await SubmitLoginAsync(client, "audit-login-bad", "not-the-password");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var row = (await AuditRows.OfAsync(fixture.Services, AuditCategories.SignIn, "audit-login-bad"))
            .ShouldBeOne("sign-in", AuditOutcomes.Failure, "audit-login-bad");
        row.ActorKind.Should().Be(AuditActorKinds.Anonymous);
    }

    [Fact]
    public async Task SignInPage_WhenTheAccountIsLocked_ThenOneDeniedRowSayingSo()
    {
        await fixture.CreateUserAsync("audit-login-locked", Password, Roles.Viewer);
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByNameAsync("audit-login-locked"))!;
            (await users.SetLockoutEnabledAsync(user, true)).Succeeded.Should().BeTrue();
            (await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddHours(1))).Succeeded.Should().BeTrue();
        }

        using var client = fixture.CreateClient(cookies: true);

        using var response = await SubmitLoginAsync(client, "audit-login-locked", Password);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await AuditRows.OfAsync(fixture.Services, AuditCategories.SignIn, "audit-login-locked"))
            .ShouldBeOne("sign-in", AuditOutcomes.Denied, "audit-login-locked").Detail.Should().Be("The account is locked.");
    }

    [Fact]
    public async Task TokenPasswordGrant_WhenItSucceedsAndWhenItFails_ThenOneRowEachWithMethodPassword()
    {
        await fixture.CreateUserAsync("audit-token-ok", Password, Roles.Viewer);
        using var client = fixture.CreateClient();

        await client.GetTokenAsync("audit-token-ok", Password);
        using var refused = await client.PostAsync("token", new StringContent("""{"username":"audit-token-nobody","password":"wrong"}""", Encoding.UTF8, "application/json"));

        refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await AuditRows.OfAsync(fixture.Services, AuditCategories.Token, "audit-token-ok"))
            .ShouldBeOne("grant", AuditOutcomes.Success, "audit-token-ok").Method.Should().Be("password");
        (await AuditRows.OfAsync(fixture.Services, AuditCategories.Token, "audit-token-nobody"))
            .ShouldBeOne("grant", AuditOutcomes.Failure, "audit-token-nobody").Method.Should().Be("password");
    }

    [Fact]
    public async Task TokenRequest_WhenRefusedBeforeAnyPasswordCheck_ThenNoRow()
    {
        using var client = fixture.CreateClient();

        using var response = await client.PostAsync("token", new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "audit-token-nopassword" }));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await AuditRows.OfAsync(fixture.Services, AuditCategories.Token, "audit-token-nopassword")).Should().BeEmpty();
    }

    [Fact]
    public async Task JobRun_WhenAPersonStartsIt_ThenOneRowNamingTheJobAndTheRun()
    {
        using var client = await ClientAsync("audit-runner", Roles.Integration);

        using var response = await client.PostAsync("jobs/audit-export/run", null);

        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var row = (await AuditRows.OfAsync(fixture.Services, AuditCategories.Job, AuditExport.Job)).Where(r => r.Actor == "audit-runner").ToList()
            .ShouldBeOne("run", AuditOutcomes.Success, "audit-runner");
        row.Method.Should().Be("api");
        row.Detail.Should().StartWith("Run ");
    }

    [Fact]
    public async Task JobSchedule_WhenPausedAndResumed_ThenOneRowEach()
    {
        using var client = await ClientAsync("audit-pauser", Roles.Admin);

        (await client.PostAsync("jobs/item-master-sync/pause", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.PostAsync("jobs/item-master-sync/resume", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        var rows = (await AuditRows.OfAsync(fixture.Services, AuditCategories.Job, "item-master-sync")).Where(r => r.Actor == "audit-pauser").ToList();
        rows.Where(r => r.Action == "pause").ToList().ShouldBeOne("pause", AuditOutcomes.Success, "audit-pauser");
        rows.Where(r => r.Action == "resume").ToList().ShouldBeOne("resume", AuditOutcomes.Success, "audit-pauser");
    }

    [Fact]
    public async Task DatasetSetting_WhenAnAdminChangesTheCompatibility_ThenOneRowWithTheNewMode()
    {
        await fixture.Services.GetRequiredService<ISchemaRegistry>().RegisterAsync(AuditRecord.Table.Schema, "test", CancellationToken.None);
        using var client = await ClientAsync("audit-settings", Roles.Admin);

        using var response = await client.PutAsync($"s3/schemas/{AuditRecord.Dataset}/compatibility",
            new StringContent("""{"mode":"FULL_TRANSITIVE"}""", Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await AuditRows.OfAsync(fixture.Services, AuditCategories.Settings, AuditRecord.Dataset))
            .ShouldBeOne("dataset-compatibility", AuditOutcomes.Success, "audit-settings").Detail.Should().Be("Compatibility: FULL_TRANSITIVE");
    }

    private async Task<HttpClient> ClientAsync(string userName, string role)
    {
        await fixture.CreateUserAsync(userName, Password, role);
        var client = fixture.CreateClient();
        client.WithBearer(await client.GetTokenAsync(userName, Password));
        return client;
    }

    private static async Task<HttpResponseMessage> SubmitLoginAsync(HttpClient client, string userName, string password)
    {
        var page = await client.GetStringAsync("login");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
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
