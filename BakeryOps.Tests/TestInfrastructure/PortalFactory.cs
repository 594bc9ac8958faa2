using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.TestInfrastructure;

/// <summary>The real portal (Program.cs) on Kestrel at a free loopback port, with its own data directory.</summary>
public sealed class PortalFactory : WebApplicationFactory<Program>
{
    public const string AdminPassword = "Test-Admin-Passw0rd!";
    public const string SigningKey = "test-signing-key-that-is-long-enough-for-hs256-0123456789";

    private readonly Dictionary<string, string?> _settings;
    private readonly List<Action<IServiceCollection>> _testServices = [];

    public PortalFactory(IDictionary<string, string?> settings, string environment = "Testing")
    {
        Environment = environment;
        DataDirectory = Path.Combine(Path.GetTempPath(), $"bakeryops-portal-{Guid.NewGuid():N}");
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["BAKERYOPS_DATA_DIR"] = DataDirectory,
            ["BAKERYOPS_ADMIN_PASSWORD"] = AdminPassword,
            ["Jwt:SigningKey"] = SigningKey,
            ["Serilog:MinimumLevel:Default"] = "Warning",
            // No scheduled run may race the runs a test makes; the scheduler's own test turns it on.
            ["Jobs:SchedulerEnabled"] = "false",
            // Nor a snapshot after each sync run (it writes while the test goes on); the reconciliation tests turn it on.
            ["Reconciliation:SnapshotAfterSync"] = "false",
            // The test portal speaks plain HTTP; cookies marked Secure would not come back to it.
            ["Security:CookieSecurePolicy"] = "SameAsRequest",
            // Test classes sign in and call the API far more often than people do; the rate limit tests set their own.
            ["RateLimits:SignInPerAddress:PermitLimit"] = "1000000",
            ["RateLimits:TokenFailuresPerUserName:PermitLimit"] = "1000000",
            ["RateLimits:ApiPerPrincipal:PermitLimit"] = "1000000",
        };
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }

        UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (ServerCertificate is { } certificate)
            {
                listen.UseHttps(certificate);
            }
        }));
    }

    /// <summary>Serves HTTPS with this certificate when set before the server starts.</summary>
    public X509Certificate2? ServerCertificate { get; init; }

    public string Environment { get; }

    /// <summary>Adds test-only services; call before the server starts.</summary>
    public void ConfigureTestServices(Action<IServiceCollection> configure) => _testServices.Add(configure);
    public string DataDirectory { get; }

    public Uri BaseAddress
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            return new Uri(address.TrimEnd('/') + "/");
        }
    }

    /// <summary>A client that keeps redirects visible and, optionally, cookies.</summary>
    public HttpClient CreateHttpClient(bool cookies = false) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = cookies, CookieContainer = new CookieContainer() })
        {
            BaseAddress = BaseAddress,
        };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        // Outside Development the static web assets (MudBlazor, blazor.web.js) are only served with this.
        builder.UseStaticWebAssets();
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => _testServices.ForEach(configure => configure(services)));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A log file may still be closing; the temp folder is cleaned by the OS.
        }
    }
}
