using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BakeryOps.Domain.Analytics;
using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Analytics;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Portal.Analytics;

/// <summary>
/// Saved pivot views over HTTP, on both providers: the owner's round trip, sharing, who may change and delete, names
/// unique per user, and the input rules, each refusal naming its field. Every test signs in users of its own.
/// </summary>
public abstract class SavedViewApiTests<TFixture>(TFixture fixture) where TFixture : PortalFixture
{
    private const string Password = "Saved-Views-Passw0rd!";
    private const string UsageQuery = "dataset=movements&rows=category&columns=adjustmentDate&measures=inventoryQuantity:sum&dateGrouping=month";

    public static TheoryData<string, string> BadNames => new()
    {
        { "empty", "\"\"" },
        { "blank", "\"   \"" },
        { "null", "null" },
        { "too long", JsonSerializer.Serialize(new string('n', SavedPivotView.MaxNameLength + 1)) },
        { "tab", "\"usage\\tweek\"" },
        { "line break", "\"usage\\nweek\"" },
        { "NUL", "\"usage\\u0000\"" },
        { "escape", "\"usage\\u001b[31m\"" },
        { "number", "42" },
    };

    [Fact]
    public async Task Views_WhenTheOwnerSavesReadsChangesAndDeletes_ThenEachStepAnswersAndOpenPagesAreTold()
    {
        var (owner, name) = await SignInAsync(Roles.Viewer);
        var told = new ConcurrentQueue<string>();
        var notifications = fixture.Services.GetRequiredService<SavedPivotViewNotifications>();
        notifications.Changed += told.Enqueue;
        try
        {
            using var created = await owner.PostAsync("analytics/views", Json($$"""{"name":"  Usage by month ","query":"{{UsageQuery}}"}"""));
            created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            var view = await created.Content.ReadFromJsonAsync<JsonElement>();
            var id = view.GetProperty("id").GetString()!;
            Guid.TryParseExact(id, "D", out _).Should().BeTrue();
            created.Headers.Location!.ToString().Should().Be($"/analytics/views/{id}");
            (view.GetProperty("name").GetString(), view.GetProperty("query").GetString(), view.GetProperty("owner").GetString())
                .Should().Be(("Usage by month", UsageQuery, name), "the name is trimmed");
            (view.GetProperty("shared").GetBoolean(), view.GetProperty("canChange").GetBoolean(), view.GetProperty("canDelete").GetBoolean())
                .Should().Be((false, true, true));
            view.GetProperty("createdAt").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
            (await CreateAsync(owner, "alpha", "dataset=products")).StatusCode.Should().Be(HttpStatusCode.Created);

            (await OwnNamesAsync(owner, name)).Should().Equal(["alpha", "Usage by month"], "the list is ordered by name, whatever the case");
            (await GetAsync(owner, id)).GetProperty("query").GetString().Should().Be(UsageQuery);

            using var updated = await owner.PutAsync($"analytics/views/{id}", Json("""{"name":"Usage by week","query":"dataset=movements&dateGrouping=week","shared":true}"""));
            updated.StatusCode.Should().Be(HttpStatusCode.OK, await updated.Content.ReadAsStringAsync());
            var changed = await GetAsync(owner, id);
            (changed.GetProperty("name").GetString(), changed.GetProperty("query").GetString(), changed.GetProperty("shared").GetBoolean())
                .Should().Be(("Usage by week", "dataset=movements&dateGrouping=week", true));
            changed.GetProperty("updatedAt").GetDateTimeOffset().Should().BeOnOrAfter(changed.GetProperty("createdAt").GetDateTimeOffset());

            (await owner.DeleteAsync($"analytics/views/{id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
            (await owner.GetAsync($"analytics/views/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
            (await OwnNamesAsync(owner, name)).Should().Equal("alpha");
            (await owner.DeleteAsync($"analytics/views/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
            told.Count(t => t == id).Should().Be(3, "a save, a change and a delete are each told once, after they commit");
        }
        finally
        {
            notifications.Changed -= told.Enqueue;
        }
    }

    [Fact]
    public async Task SharedView_WhenAnotherUserLists_ThenItIsThereWithItsOwnerButPrivateViewsAreNot()
    {
        var (owner, ownerName) = await SignInAsync(Roles.Planner);
        var (other, _) = await SignInAsync(Roles.Viewer);
        var shared = await IdOfAsync(await CreateAsync(owner, "Waste by category", "dataset=movements&rows=category", shared: true));
        var mine = await IdOfAsync(await CreateAsync(owner, "My scratch pivot", "dataset=products"));

        var listed = await ListAsync(other);

        var seen = listed.Where(v => v.GetProperty("owner").GetString() == ownerName).ToList();
        seen.Should().ContainSingle().Which.GetProperty("id").GetString().Should().Be(shared);
        (seen[0].GetProperty("canChange").GetBoolean(), seen[0].GetProperty("canDelete").GetBoolean()).Should().Be((false, false));
        (await GetAsync(other, shared)).GetProperty("name").GetString().Should().Be("Waste by category");
        (await other.GetAsync($"analytics/views/{mine}")).StatusCode.Should().Be(HttpStatusCode.NotFound, "a private view is not there for anyone else");
        (await ListAsync(owner)).Select(v => v.GetProperty("id").GetString()).Should().Contain([shared, mine]);
    }

    [Fact]
    public async Task SharedView_WhenAnotherUserChangesOrDeletesIt_Then403AndItStaysAsItWas()
    {
        var (owner, _) = await SignInAsync(Roles.Inventory);
        var (other, _) = await SignInAsync(Roles.Planner);
        var id = await IdOfAsync(await CreateAsync(owner, "Receipts by vessel", "dataset=movements&rows=vesselCode", shared: true));

        using var put = await other.PutAsync($"analytics/views/{id}", Json("""{"name":"Hijacked","query":"dataset=products","shared":false}"""));
        using var delete = await other.DeleteAsync($"analytics/views/{id}");

        await ExpectProblemAsync(put, HttpStatusCode.Forbidden);
        await ExpectProblemAsync(delete, HttpStatusCode.Forbidden);
        var still = await GetAsync(owner, id);
        (still.GetProperty("name").GetString(), still.GetProperty("query").GetString(), still.GetProperty("shared").GetBoolean())
            .Should().Be(("Receipts by vessel", "dataset=movements&rows=vesselCode", true));
    }

    [Fact]
    public async Task Delete_WhenAnAdmin_ThenRemovesASharedViewButNotSomeonesPrivateOne()
    {
        var (owner, ownerName) = await SignInAsync(Roles.Viewer);
        var (admin, _) = await SignInAsync(Roles.Admin);
        var shared = await IdOfAsync(await CreateAsync(owner, "Everyone's usage", UsageQuery, shared: true));
        var mine = await IdOfAsync(await CreateAsync(owner, "Only mine", UsageQuery));
        var asAdminSees = (await ListAsync(admin)).Where(v => v.GetProperty("owner").GetString() == ownerName).ToList();
        asAdminSees.Should().ContainSingle().Which.GetProperty("id").GetString().Should().Be(shared);
        (asAdminSees[0].GetProperty("canChange").GetBoolean(), asAdminSees[0].GetProperty("canDelete").GetBoolean()).Should().Be((false, true));

        using var change = await admin.PutAsync($"analytics/views/{shared}", Json("""{"name":"Renamed by admin","query":"dataset=products"}"""));
        using var deletePrivate = await admin.DeleteAsync($"analytics/views/{mine}");
        using var deleteShared = await admin.DeleteAsync($"analytics/views/{shared}");

        await ExpectProblemAsync(change, HttpStatusCode.Forbidden, "Admins delete shared views; only the owner changes one");
        await ExpectProblemAsync(deletePrivate, HttpStatusCode.NotFound);
        deleteShared.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await owner.GetAsync($"analytics/views/{shared}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await GetAsync(owner, mine)).GetProperty("name").GetString().Should().Be("Only mine");
    }

    [Fact]
    public async Task Save_WhenTheUserAlreadyHasTheName_Then409ButAnotherUserMayUseIt()
    {
        var (owner, ownerName) = await SignInAsync(Roles.Viewer);
        var (other, _) = await SignInAsync(Roles.Viewer);
        (await CreateAsync(owner, "Daily usage", UsageQuery)).StatusCode.Should().Be(HttpStatusCode.Created);
        var weekly = await IdOfAsync(await CreateAsync(owner, "Weekly usage", UsageQuery));

        using var again = await CreateAsync(owner, " daily USAGE", "dataset=products");
        using var renamed = await owner.PutAsync($"analytics/views/{weekly}", Json($$"""{"name":"Daily usage","query":"{{UsageQuery}}"}"""));
        using var othersCopy = await CreateAsync(other, "Daily usage", UsageQuery);
        using var ownCase = await owner.PutAsync($"analytics/views/{weekly}", Json($$"""{"name":"WEEKLY usage","query":"{{UsageQuery}}"}"""));

        await ExpectProblemAsync(again, HttpStatusCode.Conflict, "names differ only when they differ in more than case");
        await ExpectProblemAsync(renamed, HttpStatusCode.Conflict);
        othersCopy.StatusCode.Should().Be(HttpStatusCode.Created, "names are unique per user");
        ownCase.StatusCode.Should().Be(HttpStatusCode.OK, "a view may change the case of its own name");
        (await OwnNamesAsync(owner, ownerName)).Should().Equal("Daily usage", "WEEKLY usage");
    }

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task Save_WhenTheNameIsBad_Then400NamingTheNameAndNothingIsSaved(string why, string name)
    {
        var (owner, ownerName) = await SignInAsync(Roles.Viewer);
        var id = await IdOfAsync(await CreateAsync(owner, "Good name", UsageQuery));

        using var created = await owner.PostAsync("analytics/views", Json($$"""{"name":{{name}},"query":"dataset=movements"}"""));
        using var updated = await owner.PutAsync($"analytics/views/{id}", Json($$"""{"name":{{name}},"query":"dataset=movements"}"""));

        await ExpectFieldErrorAsync(created, "name", why);
        await ExpectFieldErrorAsync(updated, "name", why);
        (await OwnNamesAsync(owner, ownerName)).Should().Equal("Good name");
        (await GetAsync(owner, id)).GetProperty("query").GetString().Should().Be(UsageQuery);
    }

    [Fact]
    public async Task Save_WhenTheNameIsLeftOut_Then400NamingTheName()
    {
        var (owner, _) = await SignInAsync(Roles.Viewer);

        using var response = await owner.PostAsync("analytics/views", Json("""{"query":"dataset=movements"}"""));

        await ExpectFieldErrorAsync(response, "name", "left out");
    }

    [Fact]
    public async Task Save_WhenTheQueryIsTooLongMissingOrHoldsAControlCharacter_Then400NamingTheQuery()
    {
        var (owner, ownerName) = await SignInAsync(Roles.Viewer);
        var longest = "dataset=movements&x=" + new string('q', SavedPivotView.MaxSpecLength - 20);

        using var tooLong = await CreateAsync(owner, "Too long", longest + "q");
        using var missing = await owner.PostAsync("analytics/views", Json("""{"name":"No query"}"""));
        using var nul = await owner.PostAsync("analytics/views", Json("""{"name":"NUL query","query":"dataset=movements\u0000"}"""));
        using var wrongType = await owner.PostAsync("analytics/views", Json("""{"name":"Shared as text","query":"dataset=movements","shared":"yes"}"""));
        using var atTheLimit = await CreateAsync(owner, "At the limit", longest);

        await ExpectFieldErrorAsync(tooLong, "query", $"more than {SavedPivotView.MaxSpecLength} characters");
        await ExpectFieldErrorAsync(missing, "query", "left out");
        await ExpectFieldErrorAsync(nul, "query", "a NUL");
        await ExpectFieldErrorAsync(wrongType, "shared", "text for a boolean");
        atTheLimit.StatusCode.Should().Be(HttpStatusCode.Created, await atTheLimit.Content.ReadAsStringAsync());
        (await OwnNamesAsync(owner, ownerName)).Should().Equal("At the limit");
        (await GetAsync(owner, await IdOfAsync(atTheLimit))).GetProperty("query").GetString().Should().HaveLength(SavedPivotView.MaxSpecLength);
    }

    [Theory]
    [InlineData("7d444840-9dc0-11d1-b245-5ffdce74fad2")]
    [InlineData("not-a-view")]
    public async Task View_WhenTheIdNamesNoView_Then404(string id)
    {
        var (owner, _) = await SignInAsync(Roles.Viewer);

        using var get = await owner.GetAsync($"analytics/views/{id}");
        using var put = await owner.PutAsync($"analytics/views/{id}", Json("""{"name":"x","query":"dataset=movements"}"""));
        using var delete = await owner.DeleteAsync($"analytics/views/{id}");

        await ExpectProblemAsync(get, HttpStatusCode.NotFound);
        await ExpectProblemAsync(put, HttpStatusCode.NotFound);
        await ExpectProblemAsync(delete, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Views_WhenAnonymous_Then401()
    {
        var (owner, _) = await SignInAsync(Roles.Viewer);
        var id = await IdOfAsync(await CreateAsync(owner, "Private", UsageQuery));
        using var anonymous = fixture.CreateClient();

        var answers = new[]
        {
            await anonymous.GetAsync("analytics/views"),
            await anonymous.GetAsync($"analytics/views/{id}"),
            await anonymous.PostAsync("analytics/views", Json("""{"name":"Anonymous","query":"dataset=movements"}""")),
            await anonymous.PutAsync($"analytics/views/{id}", Json("""{"name":"Anonymous","query":"dataset=movements"}""")),
            await anonymous.DeleteAsync($"analytics/views/{id}"),
        };

        answers.Select(a => a.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.Unauthorized);
        (await GetAsync(owner, id)).GetProperty("name").GetString().Should().Be("Private");
    }

    [Fact]
    public async Task OpenApiDocument_WhenRead_ThenDescribesEachViewEndpointAndItsBody()
    {
        var (client, _) = await SignInAsync(Roles.Viewer);

        var paths = (await client.GetFromJsonAsync<JsonElement>("openapi/v1.json")).GetProperty("paths");

        // The hostile-input sweep attacks the body slots the document gives; a path it cannot find is attacked blind.
        paths.GetProperty("/analytics/views").EnumerateObject().Select(o => o.Name).Should().Contain(["get", "post"]);
        paths.GetProperty("/analytics/views/{id}").EnumerateObject().Select(o => o.Name).Should().Contain(["get", "put", "delete"]);
        foreach (var (path, method) in new[] { ("/analytics/views", "post"), ("/analytics/views/{id}", "put") })
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            operation.GetProperty("summary").GetString().Should().NotBeNullOrWhiteSpace();
            operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetRawText()
                .Should().Contain("SavedViewInput");
        }
    }

    private async Task<(HttpClient Client, string Name)> SignInAsync(string role)
    {
        var name = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}";
        await fixture.CreateUserAsync(name, Password, role);
        var client = fixture.CreateClient();
        client.WithBearer(await client.GetTokenAsync(name, Password));
        return (client, name);
    }

    private static Task<HttpResponseMessage> CreateAsync(HttpClient client, string name, string query, bool shared = false) =>
        client.PostAsync("analytics/views", Json(JsonSerializer.Serialize(new { name, query, shared })));

    private static async Task<string> IdOfAsync(HttpResponseMessage created)
    {
        using (created)
        {
            created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string id)
    {
        using var response = await client.GetAsync($"analytics/views/{id}");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient client)
    {
        using var response = await client.GetAsync("analytics/views");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()];
    }

    /// <summary>The names of the caller's own views, in the list's order (other tests' shared views are in the list too).</summary>
    private static async Task<List<string>> OwnNamesAsync(HttpClient client, string owner) =>
        [.. (await ListAsync(client)).Where(v => v.GetProperty("owner").GetString() == owner).Select(v => v.GetProperty("name").GetString()!)];

    private static async Task ExpectProblemAsync(HttpResponseMessage response, HttpStatusCode status, string because = "")
    {
        response.StatusCode.Should().Be(status, because + " " + await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32().Should().Be((int)status);
    }

    private static async Task ExpectFieldErrorAsync(HttpResponseMessage response, string field, string why)
    {
        await ExpectProblemAsync(response, HttpStatusCode.BadRequest, why);
        var body = await response.Content.ReadAsStringAsync();
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Should().Equal([field], $"a {why} {field} is refused naming {field}: {body}");
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}

[Trait("Category", "Sqlite")]
public sealed class SqliteSavedViewApiTests(SqlitePortalFixture fixture)
    : SavedViewApiTests<SqlitePortalFixture>(fixture), IClassFixture<SqlitePortalFixture>;

[Trait("Category", "Postgres")]
public sealed class PostgresSavedViewApiTests(PostgresPortalFixture fixture)
    : SavedViewApiTests<PostgresPortalFixture>(fixture), IClassFixture<PostgresPortalFixture>;
