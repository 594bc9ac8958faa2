using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BakeryOps.Tests.TestInfrastructure;

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
