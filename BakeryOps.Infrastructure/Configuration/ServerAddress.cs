using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace BakeryOps.Infrastructure.Configuration;

/// <summary>The address the portal can call itself on (the self-test, the JDE client in simulator mode).</summary>
public static class ServerAddress
{
    /// <summary>
    /// The first address Kestrel listens on, http preferred; wildcard hosts (+, *, 0.0.0.0, [::]) become loopback.
    /// Null before the server has started.
    /// </summary>
    public static Uri? Resolve(IServer server)
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses
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
