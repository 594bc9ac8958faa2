using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BakeryOps.Domain.Audit;
using BakeryOps.Domain.Dispatch;
using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Portal.Identity;

/// <summary>
/// Service accounts over HTTP, on both providers: an Admin creates one, it takes a token with the client credentials
/// grant and calls /bakeryops as far as its roles and facilities allow; deleting it ends its tokens at the next call.
/// </summary>
public abstract class ServiceAccountApiTests<TFixture>(TFixture fixture) where TFixture : PortalFixture
{
    private const string ProductBody = """{"productName":"Service account flour","inventoryUnit":"KG"}""";

    [Fact]
    public async Task IntegrationAccount_WhenItTakesATokenAndWritesToBakeryOps_ThenTheWriteSucceedsAndTheTokenNamesTheClient()
    {
        var (clientId, secret) = await CreateAccountAsync("""{"name":"ERP connector"}""");

        using var form = await TokenResponseAsync(new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret,
        }));
        form.StatusCode.Should().Be(HttpStatusCode.OK, await form.Content.ReadAsStringAsync());
        form.Headers.CacheControl!.NoStore.Should().BeTrue();
        var token = (await form.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        using var api = fixture.CreateClient().WithBearer(token);

        using var created = await api.PostAsync("bakeryops/facilities/default_facility/products", Json(ProductBody));
        using var me = await api.GetAsync("me");

        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var identity = await me.Content.ReadFromJsonAsync<JsonElement>();
        identity.GetProperty("userName").GetString().Should().Be(clientId);
        identity.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Equal(Roles.Integration);
        Payload(token).GetProperty("client_id").GetString().Should().Be(clientId);
    }

    [Fact]
    public async Task ClientCredentials_WhenSentAsJson_ThenATokenIsIssued()
    {
        var (clientId, secret) = await CreateAccountAsync("""{"name":"JSON caller"}""");

        using var response = await TokenResponseAsync(Json(JsonSerializer.Serialize(new { grant_type = "client_credentials", client_id = clientId, client_secret = secret })));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token_type").GetString().Should().Be("bearer");
    }

    [Fact]
    public async Task ViewerAccount_WhenItWrites_Then403ButItReads()
    {
        var (clientId, secret) = await CreateAccountAsync("""{"name":"Read-only BI","roles":["Viewer"]}""");
        using var api = fixture.CreateClient().WithBearer(await TokenAsync(clientId, secret));

        using var write = await api.PostAsync("bakeryops/facilities/default_facility/products", Json(ProductBody));
        using var read = await api.GetAsync("bakeryops/facilities/default_facility/products");

        write.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        read.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task DeletedAccount_WhenItsTokenIsUsedAgain_Then401AndNoNewToken()
    {
        var (clientId, secret) = await CreateAccountAsync("""{"name":"Retired feed"}""");
        using var api = fixture.CreateClient().WithBearer(await TokenAsync(clientId, secret));
        (await api.GetAsync("bakeryops/facilities/default_facility/products")).StatusCode.Should().Be(HttpStatusCode.OK);

        using var admin = await AdminAsync();
        (await admin.DeleteAsync($"admin/service-accounts/{clientId}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await api.GetAsync("bakeryops/facilities/default_facility/products")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await TokenResponseAsync(Form(clientId, secret))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await admin.DeleteAsync($"admin/service-accounts/{clientId}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task FacilityLimitedAccount_WhenItCallsAnotherFacility_Then403AndItsOwnFacilityWorks()
    {
        await AddFacilityAsync("sa_other_site");
        var (clientId, secret) = await CreateAccountAsync("""{"name":"Site feed","facilities":["default_facility"]}""");
        var token = await TokenAsync(clientId, secret);
        using var api = fixture.CreateClient().WithBearer(token);

        using var otherRead = await api.GetAsync("bakeryops/facilities/sa_other_site/products");
        using var otherWrite = await api.PostAsync("bakeryops/facilities/sa_other_site/products", Json(ProductBody));
        using var ownWrite = await api.PostAsync("bakeryops/facilities/default_facility/products", Json(ProductBody));

        otherRead.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await otherRead.Content.ReadAsStringAsync()).Should().Contain("sa_other_site");
        otherWrite.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        ownWrite.StatusCode.Should().Be(HttpStatusCode.Created);
        Payload(token).GetProperty("facilities").ToString().Should().Contain("default_facility");
    }

    [Theory]
    [InlineData("data/df_bakery_ops_expanded", "default_facility")]
    [InlineData("data/df_bakery_ops_expanded?facility=default_facility", "default_facility")]
    [InlineData("data/internal_bakery_ops_expanded?facility=%20default_facility%20", "default_facility")]
    [InlineData("data/jde_item_master_review?facility=default_facility", "default_facility")]
    [InlineData("data/joined_df3", "default_facility")]
    [InlineData("reconciliation/export?facility=default_facility", "default_facility")]
    [InlineData("reconciliation/history?facility=default_facility&product=p1", "default_facility")]
    [InlineData("reconciliation/drilldown?item=60001", "default_facility")]
    [InlineData("jobs/item-master/review", "default_facility")]
    [InlineData("sync/quarantine", "facility=")]
    public async Task FacilityLimitedAccount_WhenItReadsAnotherFacilityThroughTheQuery_Then403(string path, string named)
    {
        var token = await QueryLimitedTokenAsync();
        using var api = fixture.CreateClient().WithBearer(token);

        using var refused = await api.GetAsync(path);

        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden, await refused.Content.ReadAsStringAsync());
        (await refused.Content.ReadAsStringAsync()).Should().Contain("may act only for sa_query_site").And.Contain(named);
    }

    [Theory]
    [InlineData("data/df_bakery_ops_expanded?facility=sa_query_site", HttpStatusCode.OK)]
    [InlineData("sync/quarantine?facility=sa_query_site", HttpStatusCode.OK)]
    // Past the limit: the facility has no JD Edwards branch/plant to compare with or review.
    [InlineData("jobs/item-master/review?facility=sa_query_site", HttpStatusCode.Conflict)]
    [InlineData("data/joined_df3?facility=sa_query_site", HttpStatusCode.Conflict)]
    [InlineData("reconciliation/export?facility=sa_query_site", HttpStatusCode.Conflict)]
    public async Task FacilityLimitedAccount_WhenItReadsItsOwnFacilityThroughTheQuery_ThenTheEndpointAnswers(string path, HttpStatusCode expected)
    {
        var token = await QueryLimitedTokenAsync();
        using var api = fixture.CreateClient().WithBearer(token);

        using var own = await api.GetAsync(path);

        own.StatusCode.Should().Be(expected, await own.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task FacilityLimitedAccount_WhenItRunsAJobForAnotherFacility_Then403AndForItsOwnTheJobAnswers()
    {
        var token = await QueryLimitedTokenAsync();
        using var api = fixture.CreateClient().WithBearer(token);

        using var other = await api.PostAsync("jobs/cardex-sync/run", Json("""{"facility":"default_facility"}"""));
        using var implicitDefault = await api.PostAsync("jobs/reconciliation/run", Json("{}"));
        using var own = await api.PostAsync("jobs/cardex-sync/run", Json("""{"facility":"sa_query_site"}"""));

        other.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await other.Content.ReadAsStringAsync()).Should().Contain("may act only for sa_query_site, not for 'default_facility'");
        implicitDefault.StatusCode.Should().Be(HttpStatusCode.Forbidden, "no facility means the site's default");
        own.StatusCode.Should().Be(HttpStatusCode.Conflict, "past the limit: the facility has no JD Edwards branch/plant to sync from");
    }

    [Fact]
    public async Task FacilityLimitedPlanner_WhenItTouchesAPostingOfAnotherFacility_Then403AndNothingChanges()
    {
        await AddFacilityAsync("sa_query_site");
        var otherKey = await PostingAsync("default_facility");
        var ownKey = await PostingAsync("sa_query_site");
        var (clientId, secret) = await CreateAccountAsync($$"""{"name":"Planner feed {{Guid.NewGuid():N}}","roles":["Planner"],"facilities":["sa_query_site"]}""");
        using var api = fixture.CreateClient().WithBearer(await TokenAsync(clientId, secret));

        // In lower case and padded: the calls read keys trimmed and in upper case, so the check must too.
        using var other = await api.PostAsync("bakery_ops_to_jde/prepare_payload", Json($"[\" {otherKey.ToLowerInvariant()} \"]"));
        using var mixed = await api.PostAsync("bakery_ops_to_jde/approve", Json($"{{\"keys\":[\"{ownKey}\",\"{otherKey}\"]}}"));
        using var edit = await api.PatchAsync($"bakery_ops_to_jde/actions/{otherKey}", Json("""{"quantity":1}"""));
        using var own = await api.PostAsync("bakery_ops_to_jde/prepare_payload", Json($"[\"{ownKey}\"]"));

        foreach (var refused in new[] { other, mixed, edit })
        {
            refused.StatusCode.Should().Be(HttpStatusCode.Forbidden, await refused.Content.ReadAsStringAsync());
            (await refused.Content.ReadAsStringAsync()).Should().Contain("may act only for sa_query_site, not for 'default_facility'");
        }

        own.StatusCode.Should().Be(HttpStatusCode.OK, await own.Content.ReadAsStringAsync());
        await using var db = fixture.Services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>().CreateDbContext();
        (await db.JdeDispatches.AsNoTracking().Where(d => d.Key == otherKey || d.Key == ownKey).Select(d => d.State).ToListAsync())
            .Should().OnlyContain(s => s == DispatchState.Pending, "a refused call changes neither posting");
    }

    [Fact]
    public async Task UnlimitedAccount_WhenItReadsAnyFacilityThroughTheQuery_Then200()
    {
        var (clientId, secret) = await CreateAccountAsync("""{"name":"Every site feed"}""");
        using var api = fixture.CreateClient().WithBearer(await TokenAsync(clientId, secret));

        (await api.GetAsync("data/df_bakery_ops_expanded")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await api.GetAsync("sync/quarantine")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_WhenTheClientIsUnknownOrTheSecretWrong_Then401InvalidClientAndAudited()
    {
        var (clientId, secret) = await CreateAccountAsync("""{"name":"Audited feed"}""");

        using var wrong = await TokenResponseAsync(Form(clientId, secret + "x"));
        using var unknown = await TokenResponseAsync(Form("svc_000000000000000000000000", secret));
        using var missing = await TokenResponseAsync(new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId,
        }));
        await TokenAsync(clientId, secret);

        foreach (var refused in new[] { wrong, unknown })
        {
            refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().Should().Be("invalid_client");
        }

        missing.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("client_secret", out _).Should().BeTrue();
        var grants = await AuditAsync(e => e.Category == AuditCategories.Token && e.Target == clientId);
        grants.Select(e => (e.Outcome, e.Method)).Should().Equal(
            (AuditOutcomes.Failure, "client_credentials"), (AuditOutcomes.Success, "client_credentials"));
        grants[1].ActorKind.Should().Be(AuditActorKinds.Service);
    }

    [Fact]
    public async Task AdminApi_WhenAnAccountIsCreatedUsedRotatedAndDeleted_ThenTheListFollowsAndEachChangeIsAudited()
    {
        var (clientId, secret) = await CreateAccountAsync("""{"name":"Listed feed","roles":["Integration","Viewer"],"facilities":["default_facility"]}""");
        await TokenAsync(clientId, secret);
        using var admin = await AdminAsync();

        var listed = await ListedAsync(admin, clientId);
        using var rotated = await admin.PostAsync($"admin/service-accounts/{clientId}/rotate-secret", null);
        var afterRotation = await ListedAsync(admin, clientId);
        (await admin.DeleteAsync($"admin/service-accounts/{clientId}")).EnsureSuccessStatusCode();

        listed.GetProperty("name").GetString().Should().Be("Listed feed");
        listed.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Equal(Roles.Viewer, Roles.Integration);
        listed.GetProperty("facilities").EnumerateArray().Select(r => r.GetString()).Should().Equal("default_facility");
        listed.GetProperty("createdBy").GetString().Should().Be("admin");
        listed.GetProperty("lastUsedAt").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        listed.GetProperty("lastUsedAddress").GetString().Should().NotBeNullOrEmpty();
        listed.GetProperty("activeSecrets").GetInt32().Should().Be(1);
        rotated.StatusCode.Should().Be(HttpStatusCode.OK);
        (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("clientSecret").GetString().Should().NotBe(secret);
        afterRotation.GetProperty("activeSecrets").GetInt32().Should().Be(2);
        afterRotation.GetProperty("overlapEndsAt").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow.AddHours(24), TimeSpan.FromMinutes(5));
        (await AuditAsync(e => e.Category == AuditCategories.ServiceAccount && e.Target == clientId))
            .Select(e => (e.Action, e.Actor)).Should().Equal(("create", "admin"), ("rotate-secret", "admin"), ("delete", "admin"));
    }

    [Theory]
    [InlineData("""{"roles":["Integration"]}""", "name")]
    [InlineData("""{"name":"Bad role","roles":["Root"]}""", "roles")]
    [InlineData("""{"name":"Null role","roles":[null]}""", "roles")]
    [InlineData("""{"name":"Bad facility","facilities":["no_such_facility"]}""", "facilities")]
    [InlineData("""{"name":"Wrong type","roles":"Integration"}""", "roles")]
    [InlineData("""{"name":"NUL\u0000"}""", "name")]
    [InlineData("""[]""", "body")]
    public async Task AdminApi_WhenTheNewAccountIsInvalid_Then400NamingTheField(string body, string field)
    {
        using var admin = await AdminAsync();

        using var response = await admin.PostAsync("admin/service-accounts", Json(body));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Contain(field);
    }

    [Fact]
    public async Task AdminApi_WhenTheNameIsTakenOrTheCallerIsNoAdmin_Then409Or403()
    {
        await CreateAccountAsync("""{"name":"Twin feed"}""");
        using var admin = await AdminAsync();
        await fixture.CreateUserAsync("sa-planner", "Planner-Passw0rd!", Roles.Planner);
        using var planner = fixture.CreateClient().WithBearer(await fixture.CreateClient().GetTokenAsync("sa-planner", "Planner-Passw0rd!"));

        (await admin.PostAsync("admin/service-accounts", Json("""{"name":"TWIN FEED"}"""))).StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await admin.PostAsync("admin/service-accounts/svc_unknown/rotate-secret", null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await planner.GetAsync("admin/service-accounts")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await planner.PostAsync("admin/service-accounts", Json("""{"name":"Sneaky"}"""))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    /// <summary>A token of a new account limited to facility <c>sa_query_site</c>.</summary>
    private async Task<string> QueryLimitedTokenAsync()
    {
        await AddFacilityAsync("sa_query_site");
        var (clientId, secret) = await CreateAccountAsync($$"""{"name":"Query feed {{Guid.NewGuid():N}}","facilities":["sa_query_site"]}""");
        return await TokenAsync(clientId, secret);
    }

    /// <summary>A pending posting in <paramref name="facility"/>: a product and a receipt through the API, and the posting row made for it.</summary>
    private async Task<string> PostingAsync(string facility)
    {
        using var admin = await AdminAsync();
        using var created = await admin.PostAsync($"bakeryops/facilities/{facility}/products", Json(ProductBody));
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var productId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("_id").GetString()!;
        using var received = await admin.PostAsync($"bakeryops/facilities/{facility}/inventory-adjustments", Json($$"""
            [{"productId":"{{productId}}","quantity":1,"unit":"KG","adjustmentType":"RECEIPT","adjustmentDate":"{{DateTimeOffset.UtcNow:O}}"}]
            """));
        received.StatusCode.Should().Be(HttpStatusCode.Created, await received.Content.ReadAsStringAsync());
        var movementId = (await received.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("_id").GetString()!;

        await using var db = fixture.Services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>().CreateDbContext();
        if (await db.JdeDispatches.AsNoTracking().FirstOrDefaultAsync(d => d.MovementId == movementId) is { } made)
        {
            return made.Key;
        }

        var key = Guid.NewGuid().ToString("N").ToUpperInvariant()[..JdeDispatch.KeyLength];
        db.JdeDispatches.Add(new JdeDispatch
        {
            Id = Guid.CreateVersion7(), Key = key, FacilityId = facility, MovementId = movementId, ProductId = productId, ProductName = "Service account flour",
            MovementType = "RECEIPT", MovedAt = DateTimeOffset.UtcNow, MovementDate = DateOnly.FromDateTime(DateTime.UtcNow),
            InventoryQuantity = 1m, InventoryUnit = "KG", State = DispatchState.Pending, Stamp = Guid.NewGuid(),
        });
        await db.SaveChangesAsync();
        return key;
    }

    private async Task<(string ClientId, string Secret)> CreateAccountAsync(string body)
    {
        using var admin = await AdminAsync();
        using var response = await admin.PostAsync("admin/service-accounts", Json(body));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (created.GetProperty("clientId").GetString()!, created.GetProperty("clientSecret").GetString()!);
    }

    private async Task<HttpClient> AdminAsync()
    {
        var client = fixture.CreateClient();
        return client.WithBearer(await client.GetTokenAsync("admin", PortalFactory.AdminPassword));
    }

    private async Task<string> TokenAsync(string clientId, string secret)
    {
        using var response = await TokenResponseAsync(Form(clientId, secret));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    private async Task<HttpResponseMessage> TokenResponseAsync(HttpContent content)
    {
        using var client = fixture.CreateClient();
        return await client.PostAsync("token", content);
    }

    private static FormUrlEncodedContent Form(string clientId, string secret) => new(new Dictionary<string, string>
    {
        ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret,
    });

    private static async Task<JsonElement> ListedAsync(HttpClient admin, string clientId) =>
        (await admin.GetFromJsonAsync<JsonElement>("admin/service-accounts")).EnumerateArray().Single(a => a.GetProperty("clientId").GetString() == clientId);

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static JsonElement Payload(string token) =>
        JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[1])).RootElement.Clone();

    private async Task AddFacilityAsync(string id)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BakeryOpsDbContext>();
        if (!await db.Facilities.AnyAsync(f => f.Id == id))
        {
            db.Facilities.Add(new Facility { Id = id, Name = id, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }
    }

    private async Task<List<AuditEvent>> AuditAsync(Func<AuditEvent, bool> where)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BakeryOpsDbContext>();
        return [.. (await db.AuditEvents.AsNoTracking().ToListAsync()).Where(where).OrderBy(e => e.Id)];
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteServiceAccountApiTests(SqlitePortalFixture fixture)
    : ServiceAccountApiTests<SqlitePortalFixture>(fixture), IClassFixture<SqlitePortalFixture>;

[Trait("Category", "Postgres")]
public sealed class PostgresServiceAccountApiTests(PostgresPortalFixture fixture)
    : ServiceAccountApiTests<PostgresPortalFixture>(fixture), IClassFixture<PostgresPortalFixture>;
