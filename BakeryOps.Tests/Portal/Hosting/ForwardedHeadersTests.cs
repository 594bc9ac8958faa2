using System.Net;
using BakeryOps.Domain.Audit;
using BakeryOps.Domain.Identity;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Portal.Hosting;

/// <summary>
/// X-Forwarded-For and X-Forwarded-Proto count only from the proxies of <c>Proxy:KnownProxies</c> and
/// <c>Proxy:KnownNetworks</c>: the client address the audit records and the scheme that makes cookies Secure. The
/// clients connect from other loopback addresses, so the portal sees a listed proxy or an unlisted sender.
/// </summary>
[Trait("Category", "Sqlite")]
public sealed class ForwardedHeadersTests(ProxiedPortalFixture fixture) : IClassFixture<ProxiedPortalFixture>
{
    private const string Password = "Forwarded-Passw0rd!";

    [Fact]
    public async Task Token_WhenAListedProxyForwardsTheClient_ThenTheAuditRecordsTheClientItAppended()
    {
        await fixture.CreateUserAsync("fwd-listed", Password, Roles.Viewer);
        using var proxy = LoopbackClients.From(fixture, ProxiedPortalFixture.Proxy);

        // The first entry is what the client sent itself; the proxy appended the address it saw.
        await FailSignInAsync(proxy, "fwd-listed", "198.51.100.1, 203.0.113.7");

        (await AuditAddressAsync("fwd-listed")).Should().Be("203.0.113.7", "only the entry the listed proxy appended is believed");
    }

    [Fact]
    public async Task Token_WhenAProxyInAListedNetworkForwardsTheClient_ThenTheAuditRecordsTheClient()
    {
        await fixture.CreateUserAsync("fwd-network", Password, Roles.Viewer);
        using var proxy = LoopbackClients.From(fixture, "127.0.4.9");

        await FailSignInAsync(proxy, "fwd-network", "203.0.113.9");

        (await AuditAddressAsync("fwd-network")).Should().Be("203.0.113.9");
    }

    [Fact]
    public async Task Token_WhenAnUnlistedSenderForwardsAnAddress_ThenTheAuditRecordsTheSender()
    {
        await fixture.CreateUserAsync("fwd-unlisted", Password, Roles.Viewer);
        using var direct = LoopbackClients.From(fixture, "127.0.0.3");

        await FailSignInAsync(direct, "fwd-unlisted", "203.0.113.8");

        (await AuditAddressAsync("fwd-unlisted")).Should().Be("127.0.0.3", "127.0.0.3 is not a listed proxy");
    }

    [Fact]
    public async Task LoginPage_WhenAListedProxyForwardsHttps_ThenItsCookiesAreSecure()
    {
        using var proxy = LoopbackClients.From(fixture, ProxiedPortalFixture.Proxy);

        var cookies = await LoginPageCookiesAsync(proxy, "https");

        cookies.Should().NotBeEmpty().And.OnlyContain(c => c.Contains("; secure", StringComparison.OrdinalIgnoreCase),
            "the portal sees the HTTPS the proxy received (Security:CookieSecurePolicy is SameAsRequest here)");
    }

    [Fact]
    public async Task LoginPage_WhenAnUnlistedSenderClaimsHttps_ThenItsCookiesAreNotSecure()
    {
        using var direct = LoopbackClients.From(fixture, "127.0.0.3");

        var cookies = await LoginPageCookiesAsync(direct, "https");

        cookies.Should().NotBeEmpty().And.NotContain(c => c.Contains("; secure", StringComparison.OrdinalIgnoreCase),
            "the request came over plain HTTP and the claim is not believed");
    }

    [Fact]
    public async Task Token_WhenNoProxyIsListed_ThenAForwardedAddressFromLoopbackIsIgnored()
    {
        // ASP.NET Core's forwarded-header defaults believe loopback; the portal without Proxy settings believes nobody.
        await using var database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Sqlite);
        await using var factory = new PortalFactory(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = database.ConnectionString,
        });
        using var client = factory.CreateHttpClient();

        using var request = new HttpRequestMessage(HttpMethod.Post, "token") { Content = Form("nobody-listed", "wrong-password") };
        request.Headers.Add("X-Forwarded-For", "203.0.113.10");
        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>().CreateDbContextAsync();
        var row = await db.AuditEvents.SingleAsync(e => e.Target == "nobody-listed" && e.Category == AuditCategories.Token);
        row.Address.Should().Be("127.0.0.1");
    }

    [Theory]
    [InlineData("Proxy:KnownProxies:0", "proxy.example.com", "Proxy:KnownProxies:0")]
    [InlineData("Proxy:KnownNetworks:0", "10.0.0.0/33", "Proxy:KnownNetworks:0")]
    [InlineData("Proxy:KnownNetworks:0", "10.0.0.1", "Proxy:KnownNetworks:0")]
    [InlineData("Proxy:ForwardLimit", "0", "Proxy:ForwardLimit")]
    [InlineData("FORWARDEDHEADERS_ENABLED", "true", "ASPNETCORE_FORWARDEDHEADERS_ENABLED")]
    public async Task Start_WhenAProxySettingIsInvalid_ThenStopsWithAMessageNamingTheKey(string key, string value, string named)
    {
        await using var factory = new PortalFactory(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            [key] = value,
        });

        var start = () => factory.BaseAddress;

        Flatten(start.Should().Throw<Exception>().Which).Should().Contain(named);
    }

    private static async Task FailSignInAsync(HttpClient client, string userName, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "token") { Content = Form(userName, "wrong-password") };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private async Task<string?> AuditAddressAsync(string userName)
    {
        await using var db = await fixture.Services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>().CreateDbContextAsync();
        var row = await db.AuditEvents.SingleAsync(e => e.Target == userName && e.Category == AuditCategories.Token);
        return row.Address;
    }

    private static async Task<IReadOnlyList<string>> LoginPageCookiesAsync(HttpClient client, string forwardedProto)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "login");
        request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        using var response = await client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return response.Headers.TryGetValues("Set-Cookie", out var cookies) ? [.. cookies] : [];
    }

    private static FormUrlEncodedContent Form(string userName, string password) => new(new Dictionary<string, string>
    {
        ["username"] = userName,
        ["password"] = password,
    });

    private static string Flatten(Exception error) => error switch
    {
        AggregateException aggregate => string.Join(" | ", aggregate.InnerExceptions.Select(Flatten)),
        { InnerException: { } inner } => error.Message + " | " + Flatten(inner),
        _ => error.Message,
    };
}

/// <summary>A portal behind one listed proxy address and one listed proxy network.</summary>
public sealed class ProxiedPortalFixture : PortalFixture
{
    public const string Proxy = "127.0.0.2";

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Proxy:KnownProxies:0"] = Proxy,
        ["Proxy:KnownNetworks:0"] = "127.0.4.0/24",
    };
}
