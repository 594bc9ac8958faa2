using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Portal.Endpoints;

public abstract class HealthEndpointTests<TFixture>(TFixture fixture) where TFixture : PortalFixture
{
    [Fact]
    public async Task Health_WhenTheDatabaseIsReachable_ThenAnonymous200WithTheDatabaseEntryHealthy()
    {
        using var client = fixture.CreateClient();

        using var response = await client.GetAsync("health");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        body.GetProperty("status").GetString().Should().Be("healthy");
        var database = body.GetProperty("checks").GetProperty("database");
        database.GetProperty("status").GetString().Should().Be("healthy");
        database.GetProperty("description").GetString().Should().Be($"{fixture.Provider}: connected, schema up to date");
    }

    [Theory]
    [InlineData("health/ready")]
    [InlineData("health/live")]
    public async Task Probes_WhenHealthy_ThenAnonymous200(string path)
    {
        using var client = fixture.CreateClient();

        using var response = await client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteHealthEndpointTests(SqlitePortalFixture fixture)
    : HealthEndpointTests<SqlitePortalFixture>(fixture), IClassFixture<SqlitePortalFixture>;

[Trait("Category", "Postgres")]
public sealed class PostgresHealthEndpointTests(PostgresPortalFixture fixture)
    : HealthEndpointTests<PostgresPortalFixture>(fixture), IClassFixture<PostgresPortalFixture>;

[Trait("Category", "Postgres")]
public sealed class UnreachableDatabaseHealthTests
{
    [Fact]
    public async Task Health_WhenTheDatabaseBecomesUnreachable_Then503WithTheDatabaseEntryUnhealthy()
    {
        var database = await PostgresTestDatabase.CreateAsync();
        await using var factory = new PortalFactory(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["Database:ConnectionString"] = database.ConnectionString,
        });
        using var client = factory.CreateHttpClient();
        using var before = await client.GetAsync("health");

        await database.DisposeAsync();
        using var health = await client.GetAsync("health");
        using var ready = await client.GetAsync("health/ready");
        using var live = await client.GetAsync("health/live");
        var body = await health.Content.ReadFromJsonAsync<JsonElement>();

        before.StatusCode.Should().Be(HttpStatusCode.OK);
        health.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        live.StatusCode.Should().Be(HttpStatusCode.OK);
        body.GetProperty("status").GetString().Should().Be("unhealthy");
        var entry = body.GetProperty("checks").GetProperty("database");
        entry.GetProperty("status").GetString().Should().Be("unhealthy");
        entry.GetProperty("description").GetString().Should().Contain("cannot connect").And.NotContain("Password");
    }
}

[Trait("Category", "Sqlite")]
public sealed class JdeHealthTests(SqlitePortalFixture fixture) : IClassFixture<SqlitePortalFixture>
{
    [Fact]
    public async Task Health_WhenTheSimulatorAnswers_ThenTheJdeEntryIsHealthyAndWhenItKeepsFailingUnhealthy()
    {
        var faults = fixture.Services.GetRequiredService<BakeryOps.Infrastructure.Jde.Simulator.JdeSimulatorFaults>();
        faults.Clear();
        using var client = fixture.CreateClient();

        using var healthy = await client.GetAsync("health");
        var before = await healthy.Content.ReadFromJsonAsync<JsonElement>();
        faults.Arm(BakeryOps.Infrastructure.Jde.Simulator.JdeFaultKind.Unavailable503, calls: 10);
        using var failing = await client.GetAsync("health");
        var after = await failing.Content.ReadFromJsonAsync<JsonElement>();
        using var ready = await client.GetAsync("health/ready");
        faults.Clear();

        healthy.StatusCode.Should().Be(HttpStatusCode.OK);
        before.GetProperty("checks").GetProperty("jde").GetProperty("status").GetString().Should().Be("healthy");
        before.GetProperty("checks").GetProperty("jde").GetProperty("description").GetString().Should().StartWith("Simulator: answered");
        failing.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        after.GetProperty("checks").GetProperty("jde").GetProperty("status").GetString().Should().Be("unhealthy");
        after.GetProperty("checks").GetProperty("jde").GetProperty("description").GetString().Should().Contain("503");
        ready.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
