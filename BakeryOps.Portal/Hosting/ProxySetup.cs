using System.Net;
using BakeryOps.Infrastructure.Configuration;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace BakeryOps.Portal.Hosting;

/// <summary>
/// Forwarded headers from the proxies of the <see cref="ProxyOptions"/> only: the client address that the rate limits,
/// the audit and the sign-in records use, and the scheme that decides Secure cookies and HSTS.
/// </summary>
public static class ProxySetup
{
    public static IHostApplicationBuilder AddPortalProxy(this IHostApplicationBuilder builder)
    {
        // ASP.NET Core's own switch believes the headers from any sender; a direct client could then pose as anyone.
        if (builder.Configuration.GetValue<bool>(ProxyOptions.HostForwardedHeadersKey))
        {
            throw new InvalidOperationException(
                "ASPNETCORE_FORWARDEDHEADERS_ENABLED believes X-Forwarded-For and X-Forwarded-Proto from any sender: remove it and list the "
                + "reverse proxy in Proxy:KnownProxies (addresses) or Proxy:KnownNetworks (CIDR networks) instead.");
        }

        builder.Services.AddValidatedOptions<ProxyOptions>(ProxyOptions.SectionName, o => o.Validate());
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, configured) =>
        {
            var proxy = configured.Value;
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = proxy.ForwardLimit;
            // The defaults believe loopback; only what is configured counts.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var address in proxy.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(address));
            }

            foreach (var network in proxy.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return builder;
    }

    /// <summary>First in the pipeline, so that everything after sees the client's address and scheme.</summary>
    public static IApplicationBuilder UsePortalProxy(this IApplicationBuilder app)
    {
        // With no proxy listed the middleware would believe every sender, so it is left out altogether.
        var proxy = app.ApplicationServices.GetRequiredService<IOptions<ProxyOptions>>().Value;
        return proxy.Enabled ? app.UseForwardedHeaders() : app;
    }
}
