using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Jde;
using BakeryOps.Infrastructure.Jde.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
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
            sp.GetRequiredService<IOptions<JdeOptions>>().Value, PortalAddress(sp)));
        // The client enforces its own per-call timeouts (120 s reads); HttpClient's 100 s default must not cut them short.
        builder.Services.AddSingleton<JdeCallLog>();
        builder.Services.AddTransient<JdeCallRecorder>();
        builder.Services.AddHttpClient<JdeAisClient>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler<JdeCallRecorder>();
        // Not a readiness check: the portal stays useful (inventory, lake) while JD Edwards is down.
        builder.Services.AddHealthChecks().AddCheck<JdeHealthCheck>(JdeHealthCheck.Name);
        return builder;
    }

    // Site:PublicBaseUrl when set, otherwise the first address Kestrel listens on (0.0.0.0 and [::] become loopback).
    private static Uri? PortalAddress(IServiceProvider services)
    {
        if (services.GetRequiredService<IOptions<SiteOptions>>().Value.PublicBaseUrl is { Length: > 0 } configured)
        {
            return new Uri(configured.TrimEnd('/') + "/");
        }

        var address = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            .OrderBy(a => a.StartsWith("https", StringComparison.OrdinalIgnoreCase))
            .FirstOrDefault();
        if (address is null)
        {
            return null;
        }

        var uri = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "127.0.0.1";
        }

        uri.Path = "/";
        return uri.Uri;
    }
}
