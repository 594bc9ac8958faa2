using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Portal.Identity;

/// <summary>
/// A rotated-out secret keeps working at <c>/token</c> until the overlap ends, then gets 401; the new one goes on. The
/// portal runs on a clock the test moves (its timers stay real), so the 24-hour default overlap is crossed at once.
/// </summary>
public abstract class ServiceAccountRotationTests<TFixture>(TFixture fixture) where TFixture : FakeClockPortalFixture
{
    [Fact]
    public async Task RotatedSecret_WhenUsedBeforeAndAfterTheOverlapEnds_ThenWorksThen401()
    {
        using var admin = fixture.CreateClient();
        admin.WithBearer(await admin.GetTokenAsync("admin", PortalFactory.AdminPassword));
        using var created = await admin.PostAsync("admin/service-accounts", new StringContent("""{"name":"Rotating feed"}""", Encoding.UTF8, "application/json"));
        var account = await created.Content.ReadFromJsonAsync<JsonElement>();
        var (clientId, oldSecret) = (account.GetProperty("clientId").GetString()!, account.GetProperty("clientSecret").GetString()!);

        using var rotated = await admin.PostAsync($"admin/service-accounts/{clientId}/rotate-secret", null);
        var rotation = await rotated.Content.ReadFromJsonAsync<JsonElement>();
        var newSecret = rotation.GetProperty("clientSecret").GetString()!;
        var overlapEnd = rotation.GetProperty("previousSecretExpiresAt").GetDateTimeOffset();

        overlapEnd.Should().Be(fixture.Clock.GetUtcNow().AddHours(24));
        (await GrantAsync(clientId, oldSecret)).Should().Be(HttpStatusCode.OK, "the old secret works during the overlap");
        (await GrantAsync(clientId, newSecret)).Should().Be(HttpStatusCode.OK);

        fixture.Clock.SetUtcNow(overlapEnd.AddSeconds(-1));
        (await GrantAsync(clientId, oldSecret)).Should().Be(HttpStatusCode.OK, "the overlap has a second left");

        fixture.Clock.SetUtcNow(overlapEnd);
        (await GrantAsync(clientId, oldSecret)).Should().Be(HttpStatusCode.Unauthorized);
        (await GrantAsync(clientId, newSecret)).Should().Be(HttpStatusCode.OK);
    }

    private async Task<HttpStatusCode> GrantAsync(string clientId, string secret)
    {
        using var client = fixture.CreateClient();
        using var response = await client.PostAsync("token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret,
        }));
        return response.StatusCode;
    }
}

/// <summary>A portal whose clock the test moves; its timers run in real time.</summary>
public abstract class FakeClockPortalFixture : PortalFixture
{
    public RealTimersFakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}

public sealed class SqliteFakeClockPortalFixture : FakeClockPortalFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresFakeClockPortalFixture : FakeClockPortalFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

[Trait("Category", "Sqlite")]
public sealed class SqliteServiceAccountRotationTests(SqliteFakeClockPortalFixture fixture)
    : ServiceAccountRotationTests<SqliteFakeClockPortalFixture>(fixture), IClassFixture<SqliteFakeClockPortalFixture>;

[Trait("Category", "Postgres")]
public sealed class PostgresServiceAccountRotationTests(PostgresFakeClockPortalFixture fixture)
    : ServiceAccountRotationTests<PostgresFakeClockPortalFixture>(fixture), IClassFixture<PostgresFakeClockPortalFixture>;
