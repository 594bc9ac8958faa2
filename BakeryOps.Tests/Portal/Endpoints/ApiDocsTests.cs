using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BakeryOps.Tests.TestInfrastructure;

namespace BakeryOps.Tests.Portal.Endpoints;

[Trait("Category", "Sqlite")]
public sealed class ApiDocsTests(SqlitePortalFixture fixture) : IClassFixture<SqlitePortalFixture>
{
    [Fact]
    public async Task OpenApiDocument_WhenSignedIn_ThenListsTheEndpointsAndTheBearerScheme()
    {
        using var client = fixture.CreateClient();
        client.WithBearer(await client.GetTokenAsync("admin", PortalFactory.AdminPassword));

        var document = await client.GetFromJsonAsync<JsonElement>("openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.Should().Contain(["/token", "/me", "/admin/cleanup-sessions"]);
        paths.Should().NotContain(p => p.StartsWith("/_", StringComparison.Ordinal));
        document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString().Should().Be("bearer");
        var tokenBody = document.GetProperty("paths").GetProperty("/token").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        tokenBody.TryGetProperty("application/x-www-form-urlencoded", out _).Should().BeTrue();
        tokenBody.TryGetProperty("application/json", out _).Should().BeTrue();
    }

    [Fact]
    public async Task OpenApiDocument_WhenAnonymous_Then401()
    {
        using var client = fixture.CreateClient();

        using var response = await client.GetAsync("openapi/v1.json");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task DocsPage_WhenSignedIn_ThenServesTheInteractiveApiPagePointingAtTheDocument()
    {
        using var client = fixture.CreateClient();
        client.WithBearer(await client.GetTokenAsync("admin", PortalFactory.AdminPassword));

        using var page = await client.GetAsync("docs/index.html");
        var html = await page.Content.ReadAsStringAsync();
        using var config = await client.GetAsync("docs/index.js");
        var script = await config.Content.ReadAsStringAsync();

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        html.Should().Contain("swagger-ui").And.Contain("BakeryOps API").And.NotContain("https://");
        script.Should().Contain("/openapi/v1.json");
    }
}
