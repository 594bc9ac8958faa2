using System.Net.Http.Json;
using System.Text.Json;
using BakeryOps.Infrastructure.Jde.Client;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Jde;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Infrastructure.Jde.Client;

/// <summary>The portal's own registration of the AIS client applies Jde:CaCertificatePath and Jde:PinnedCertificateSha256.</summary>
[Trait("Category", "Sqlite")]
public sealed class JdeTlsPortalTests(JdeTlsCertificates certificates) : IClassFixture<JdeTlsCertificates>
{
    [Fact]
    public async Task Health_WhenCaCertificatePathHoldsTheAisServersCa_ThenTheJdeCheckIsHealthy()
    {
        using var leaf = TestCertificates.CreateServer(certificates.PrivateCa);
        await using var host = await JdeSimulatorHost.StartAsync(new JdeSimulatorHostOptions { Certificate = leaf });
        await using var portal = await StartPortalAsync(host, new() { ["Jde:CaCertificatePath"] = certificates.CaFile });
        using var http = portal.Factory.CreateHttpClient();

        var jde = await JdeCheckAsync(http);
        using var scope = portal.Factory.Services.CreateScope();
        var page = await scope.ServiceProvider.GetRequiredService<JdeAisClient>().GetCardexAsync("1110", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-30));

        jde.GetProperty("status").GetString().Should().Be("healthy", jde.ToString());
        page.Rows.Should().NotBeEmpty();
    }

    [Fact]
    public async Task Health_WhenTheAisServersCaIsNotConfigured_ThenTheJdeCheckSaysTheCertificateWasRefused()
    {
        using var leaf = TestCertificates.CreateServer(certificates.PrivateCa);
        await using var host = await JdeSimulatorHost.StartAsync(new JdeSimulatorHostOptions { Certificate = leaf });
        await using var portal = await StartPortalAsync(host, []);
        using var http = portal.Factory.CreateHttpClient();

        var jde = await JdeCheckAsync(http);

        jde.GetProperty("status").GetString().Should().Be("unhealthy");
        jde.GetProperty("description").GetString().Should().Contain("certificate").And.NotContain(host.Account.Password);
    }

    [Fact]
    public async Task Health_WhenTheSelfSignedAisCertificateIsPinned_ThenTheJdeCheckIsHealthy()
    {
        using var leaf = TestCertificates.CreateSelfSignedServer();
        await using var host = await JdeSimulatorHost.StartAsync(new JdeSimulatorHostOptions { Certificate = leaf });
        await using var portal = await StartPortalAsync(host, new() { ["Jde:PinnedCertificateSha256"] = JdeServerCertificateValidator.Fingerprint(leaf) });
        using var http = portal.Factory.CreateHttpClient();

        var jde = await JdeCheckAsync(http);

        jde.GetProperty("status").GetString().Should().Be("healthy", jde.ToString());
    }

    [Fact]
    public async Task HandlerChain_WhenResolvedFromTheFactory_ThenThePrimaryHandlerUsesTheValidator()
    {
        using var leaf = TestCertificates.CreateSelfSignedServer();
        await using var host = await JdeSimulatorHost.StartAsync(new JdeSimulatorHostOptions { Certificate = leaf });
        await using var portal = await StartPortalAsync(host, []);
        var factory = portal.Factory.Services.GetRequiredService<IHttpMessageHandlerFactory>();

        var handlers = new List<HttpMessageHandler>();
        for (HttpMessageHandler? handler = factory.CreateHandler(nameof(JdeAisClient)); handler is not null; handler = (handler as DelegatingHandler)?.InnerHandler)
        {
            handlers.Add(handler);
        }

        handlers.Should().ContainSingle(h => h is JdeCallRecorder);
        var primary = handlers[^1].Should().BeOfType<SocketsHttpHandler>().Subject;
        primary.SslOptions.RemoteCertificateValidationCallback.Should().NotBeNull();
        primary.SslOptions.RemoteCertificateValidationCallback!.Target.Should().BeSameAs(portal.Factory.Services.GetRequiredService<JdeServerCertificateValidator>());
    }

    [Fact]
    public async Task Start_WhenTheCaFileIsMissing_ThenStopsWithAMessageNamingTheKey()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var factory = new PortalFactory(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Jde:CaCertificatePath"] = Path.Combine(certificates.DirectoryPath, "missing.pem"),
        });

        var start = () => factory.BaseAddress;

        start.Should().Throw<Exception>().Which.ToString().Should().Contain("Jde:CaCertificatePath");
    }

    private static async Task<JsonElement> JdeCheckAsync(HttpClient http)
    {
        using var response = await http.GetAsync("health");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("checks").GetProperty(JdeHealthCheck.Name);
    }

    private static async Task<PortalUnderTest> StartPortalAsync(JdeSimulatorHost host, Dictionary<string, string?> tls)
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var settings = new Dictionary<string, string?>(tls)
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Jde:Mode"] = "Ais",
            ["Jde:BaseUrl"] = host.BaseUri.ToString(),
            ["Jde:Username"] = host.Account.UserName,
            ["Jde:Password"] = host.Account.Password,
        };
        var portal = new PortalUnderTest(new PortalFactory(settings), database);
        _ = portal.Factory.BaseAddress;
        return portal;
    }

    private sealed class PortalUnderTest(PortalFactory factory, TestDatabase database) : IAsyncDisposable
    {
        public PortalFactory Factory => factory;

        public async ValueTask DisposeAsync()
        {
            await factory.DisposeAsync();
            await database.DisposeAsync();
        }
    }
}
