using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Portal.Inventory;

public abstract class DevEndpointTests<TFixture>(TFixture fixture) where TFixture : PortalFixture
{
    [Fact]
    public async Task SelfTest_WhenAnAdminRunsIt_ThenEveryEndpointPassesAndTheScratchFacilityIsRemoved()
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);
        var facilitiesBefore = await FacilityCountAsync();

        var report = await api.Http.GetFromJsonAsync<JsonElement>("dev/test-internal-bakery-ops");

        var steps = report.GetProperty("results").EnumerateArray().ToList();
        steps.Where(s => !s.GetProperty("passed").GetBoolean()).Select(s => s.ToString()).Should().BeEmpty();
        report.GetProperty("passed").GetBoolean().Should().BeTrue();
        steps.Select(s => $"{s.GetProperty("method").GetString()} {s.GetProperty("path").GetString()!.Split('/').Last()}")
            .Should().Contain(s => s.StartsWith("POST products", StringComparison.Ordinal))
            .And.Contain(s => s.StartsWith("PUT ", StringComparison.Ordinal))
            .And.Contain(s => s.StartsWith("PATCH ", StringComparison.Ordinal))
            .And.Contain(s => s.StartsWith("POST inventory-adjustments", StringComparison.Ordinal))
            .And.Contain(s => s.StartsWith("GET inventory-movements", StringComparison.Ordinal))
            .And.Contain(s => s.StartsWith("POST batch-data", StringComparison.Ordinal));
        (await FacilityCountAsync()).Should().Be(facilitiesBefore);
    }

    [Fact]
    public async Task BatchData_WhenLoadedTwice_ThenTheSecondLoadAddsNothing()
    {
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        using var first = await api.Http.PostAsync("bakeryops/facilities/pastry_kitchen/batch-data", null);
        var second = await (await api.Http.PostAsync("bakeryops/facilities/pastry_kitchen/batch-data", null)).Content.ReadFromJsonAsync<JsonElement>();
        var products = await api.Http.GetFromJsonAsync<JsonElement>("bakeryops/facilities/pastry_kitchen/products?size=1000");

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        second.GetProperty("products_added").GetInt32().Should().Be(0);
        second.GetProperty("movements_added").GetInt32().Should().Be(0);
        products.GetArrayLength().Should().BeGreaterThan(10);
        products.EnumerateArray().Should().OnlyContain(p => p.GetProperty("onHand").GetProperty("amount").GetDecimal() >= 0);
    }

    [Fact]
    public async Task DevEndpoints_WhenNotDevelopmentAndNotAdmin_Then403()
    {
        var userName = $"inventory-{Guid.NewGuid():N}";
        await fixture.CreateUserAsync(userName, "Inventory-Passw0rd!", Roles.Inventory);
        using var api = await BakeryOpsApiClient.SignInAsync(fixture, userName, "Inventory-Passw0rd!");

        using var initialise = await api.Http.PostAsync("dev/initialize-sample-data", null);
        using var selfTest = await api.Http.GetAsync("dev/test-internal-bakery-ops");
        using var batchData = await api.Http.PostAsync("bakeryops/facilities/default_facility/batch-data", null);

        initialise.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        selfTest.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        batchData.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private async Task<int> FacilityCountAsync()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BakeryOpsDbContext>().Facilities.CountAsync();
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteDevEndpointTests(SqlitePortalFixture fixture)
    : DevEndpointTests<SqlitePortalFixture>(fixture), IClassFixture<SqlitePortalFixture>;

[Trait("Category", "Postgres")]
public sealed class PostgresDevEndpointTests(PostgresPortalFixture fixture)
    : DevEndpointTests<PostgresPortalFixture>(fixture), IClassFixture<PostgresPortalFixture>;
