using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Sync;
using BakeryOps.Tests.Infrastructure.Sync;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BakeryOps.Tests.Portal.Sync;

/// <summary>The quarantine over HTTP: a row JD Edwards wrote that the bakery cannot take is listed with its reason, and applied once after the fix and a retry.</summary>
[Trait("Category", "Sqlite")]
public sealed class QuarantineApiTests(SqlitePortalFixture fixture) : IClassFixture<SqlitePortalFixture>
{
    private readonly CardexSyncDriver _sync = new(fixture);

    [Fact]
    public async Task Quarantine_WhenAnUnmappedRowIsListedFixedAndRetried_ThenItIsAppliedOnceAndLeavesTheList()
    {
        await _sync.LoadSampleDataAsync();
        await _sync.RunAsync();
        var document = await _sync.RecordInJdeAsync("B_FLOUR_T55", 4m, "KG", "IZ");
        await _sync.RunAsync();
        using var client = await AdminAsync();

        var open = await ListAsync(client, "sync/quarantine?facility=default_facility&reason=unknown_document_type");
        var row = open.Should().ContainSingle(r => r.GetProperty("documentNumber").GetInt64() == document).Subject;
        row.GetProperty("documentType").GetString().Should().Be("IZ");
        row.GetProperty("detail").GetString().Should().Contain("Sync:DocumentTypes");
        var documentTypes = fixture.Services.GetRequiredService<IOptions<SyncOptions>>().Value.DocumentTypes;
        documentTypes["IZ"] = "ADJUSTMENT";
        try
        {
            using var retry = await client.PostAsync("sync/quarantine/retry", Json("""{"facility":"default_facility","reason":"unknown_document_type"}"""));

            retry.StatusCode.Should().Be(HttpStatusCode.OK, await retry.Content.ReadAsStringAsync());
            var run = await retry.Content.ReadFromJsonAsync<JsonElement>();
            run.GetProperty("status").GetString().Should().Be("succeeded");
            run.GetProperty("counts").GetProperty("applied").GetInt64().Should().Be(1);
        }
        finally
        {
            documentTypes.Remove("IZ");
        }

        (await ListAsync(client, "sync/quarantine?facility=default_facility")).Should().NotContain(r => r.GetProperty("documentNumber").GetInt64() == document);
        (await ListAsync(client, "sync/quarantine?facility=default_facility&includeResolved=true"))
            .Should().ContainSingle(r => r.GetProperty("documentNumber").GetInt64() == document)
            .Which.GetProperty("resolvedAt").ValueKind.Should().Be(JsonValueKind.String);
        var entry = (await _sync.MirrorOfDocumentAsync(document)).Should().ContainSingle().Subject;
        (await _sync.MovementsOfLedgerKeyAsync(entry.Ukid)).Should().Be(1);
    }

    [Fact]
    public async Task Retry_WhenAViewerOrAnUnknownReasonOrFacility_Then403Or400Or404()
    {
        await fixture.CreateUserAsync("viewer-quarantine", "Viewer-Quarantine-Passw0rd!", Roles.Viewer);
        using var viewer = fixture.CreateClient();
        viewer.WithBearer(await viewer.GetTokenAsync("viewer-quarantine", "Viewer-Quarantine-Passw0rd!"));
        using var admin = await AdminAsync();

        (await viewer.GetAsync("sync/quarantine")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await viewer.PostAsync("sync/quarantine/retry", Json("{}"))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await admin.PostAsync("sync/quarantine/retry", Json("""{"reason":"bad_luck"}"""))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await admin.GetAsync("sync/quarantine?reason=bad_luck")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await admin.PostAsync("sync/quarantine/retry", Json("""{"facility":"nowhere"}"""))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private async Task<HttpClient> AdminAsync()
    {
        var client = fixture.CreateClient();
        client.WithBearer(await client.GetTokenAsync("admin", PortalFactory.AdminPassword));
        return client;
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient client, string path) =>
        (await client.GetFromJsonAsync<JsonElement>(path)).EnumerateArray().ToList();

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
