using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BakeryOps.Domain.Audit;
using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Audit;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Portal.Audit;

/// <summary><c>GET /audit/events</c>: filters, newest first with <c>X-Total-Count</c>, CSV of every selected row, 400s naming the parameter, Admins only.</summary>
[Trait("Category", "Sqlite")]
public sealed class AuditApiTests(SqlitePortalFixture fixture) : IClassFixture<SqlitePortalFixture>
{
    [Fact]
    public async Task Events_WhenFiltered_ThenThePageNewestFirstWithTheTotalAndTheCsvHasEverySelectedRow()
    {
        var log = fixture.Services.GetRequiredService<AuditLog>();
        var actor = new AuditActor("api-auditor", AuditActorKinds.User, "10.1.2.3");
        foreach (var n in new[] { 1, 2, 3 })
        {
            await log.RecordAsync(new AuditEntry(AuditCategories.Settings, "change", AuditOutcomes.Success, actor, $"api-filter-target-{n}", $"step {n}", "api"));
        }

        await log.RecordAsync(new AuditEntry(AuditCategories.Settings, "change", AuditOutcomes.Failure, actor, "api-filter-target-4", "refused", "api"));
        using var client = await AdminAsync();

        using var page = await client.GetAsync("audit/events?target=API-FILTER-TARGET&outcome=success&category=settings&size=2");
        page.StatusCode.Should().Be(HttpStatusCode.OK, await page.Content.ReadAsStringAsync());
        page.Headers.GetValues("X-Total-Count").Single().Should().Be("3");
        var rows = (await page.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        rows.Select(r => r.GetProperty("target").GetString()).Should().Equal("api-filter-target-3", "api-filter-target-2");
        rows[0].GetProperty("actor").GetString().Should().Be("api-auditor");
        rows[0].GetProperty("address").GetString().Should().Be("10.1.2.3");

        using var csv = await client.GetAsync("audit/events?target=api-filter-target&outcome=success&format=csv&q=step");
        csv.StatusCode.Should().Be(HttpStatusCode.OK);
        csv.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        csv.Content.Headers.ContentDisposition!.FileName.Should().Contain("audit_events.csv");
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("id,occurred_at,category,action,outcome,actor,actor_kind,method,address,target,detail");
        lines.Skip(1).Select(l => l.Split(',')[9]).Should().Equal("api-filter-target-3", "api-filter-target-2", "api-filter-target-1");
    }

    [Theory]
    [InlineData("category=weather", "category")]
    [InlineData("outcome=maybe", "outcome")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-01", "to")]
    [InlineData("from=2026-12-02&to=2026-12-01", "from")]
    [InlineData("size=0", "size")]
    [InlineData("offset=-1", "offset")]
    [InlineData("format=xml", "format")]
    public async Task Events_WhenAParameterIsNotValid_Then400NamingIt(string query, string parameter)
    {
        using var client = await AdminAsync();

        using var response = await client.GetAsync($"audit/events?{query}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").TryGetProperty(parameter, out _).Should().BeTrue(problem.ToString());
    }

    [Fact]
    public async Task Events_WhenTheCallerIsNotAnAdmin_Then403()
    {
        await fixture.CreateUserAsync("audit-planner", "Audit-Planner-Passw0rd!", Roles.Planner);
        using var client = fixture.CreateClient();
        client.WithBearer(await client.GetTokenAsync("audit-planner", "Audit-Planner-Passw0rd!"));

        using var response = await client.GetAsync("audit/events");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private async Task<HttpClient> AdminAsync()
    {
        var client = fixture.CreateClient();
        client.WithBearer(await client.GetTokenAsync("admin", PortalFactory.AdminPassword));
        return client;
    }
}
