using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Jde;
using BakeryOps.Infrastructure.Jde.Client;
using BakeryOps.Infrastructure.Jde.Simulator;
using BakeryOps.Portal.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;

namespace BakeryOps.Portal.Jde;

public static class JdeClientSetup
{
    /// <summary>
    /// The typed AIS client and the JDE health entry. In the embedded mode the client calls the portal's own simulator
    /// over HTTP, so the production code path is the one exercised.
    /// </summary>
    public static IHostApplicationBuilder AddJdeClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => JdeClientSettingsFactory.Create(
            sp.GetRequiredService<IOptions<JdeOptions>>().Value, PortalAddress(sp), sp.GetService<JdeSimulatorAccount>()));
        builder.Services.AddSingleton<JdeCallLog>();
        builder.Services.AddTransient<JdeCallRecorder>();
        // Jde:CaCertificatePath / Jde:PinnedCertificateSha256 replace the OS trust decision; there is no way to skip it.
        builder.Services.AddSingleton(sp => JdeServerCertificateValidator.Create(
            sp.GetRequiredService<IOptions<JdeOptions>>().Value, sp.GetRequiredService<ILogger<JdeServerCertificateValidator>>(),
            sp.GetRequiredService<TimeProvider>()));
        // The client enforces its own per-call timeouts (120 s reads); HttpClient's 100 s default must not cut them short.
        builder.Services.AddHttpClient<JdeAisClient>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<JdeServerCertificateValidator>().CreatePrimaryHandler())
            .AddHttpMessageHandler<JdeCallRecorder>()
            .AddHttpMessageHandler(sp => sp.GetRequiredService<JdeServerCertificateValidator>().CreateFailureHandler());
        // Not a readiness check: the portal stays useful (inventory, lake) while JD Edwards is down.
        builder.Services.AddHealthChecks().AddCheck<JdeHealthCheck>(JdeHealthCheck.Name);
        return builder;
    }

    // Site:PublicBaseUrl when set, otherwise the address Kestrel listens on.
    private static Uri? PortalAddress(IServiceProvider services)
    {
        if (services.GetRequiredService<IOptions<SiteOptions>>().Value.PublicBaseUrl is { Length: > 0 } configured)
        {
            return new Uri(configured.TrimEnd('/') + "/");
        }

        return ServerAddress.Resolve(services.GetRequiredService<IServer>());
    }
}
