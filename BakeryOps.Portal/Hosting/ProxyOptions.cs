using System.Net;

namespace BakeryOps.Portal.Hosting;

/// <summary>
/// The reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> the portal believes, section
/// <c>Proxy</c>. Empty (default): no forwarded header is believed, the connection's address and scheme count.
/// </summary>
public sealed class ProxyOptions
{
    public const string SectionName = "Proxy";

    /// <summary>The setting ASP.NET Core reads from <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c>.</summary>
    public const string HostForwardedHeadersKey = "FORWARDEDHEADERS_ENABLED";

    /// <summary>Addresses of the proxies, such as <c>127.0.0.1</c> or <c>10.0.0.5</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks the proxies are in, in CIDR form, such as <c>10.0.0.0/24</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>
    /// How many proxies in a row to look through, from the last entry of <c>X-Forwarded-For</c> backwards; each of them
    /// must be listed. 1 for one proxy in front of the portal.
    /// </summary>
    public int ForwardLimit { get; set; } = 1;

    /// <summary>Whether any proxy is listed: only then are forwarded headers read at all.</summary>
    public bool Enabled => KnownProxies.Length > 0 || KnownNetworks.Length > 0;

    public IEnumerable<string> Validate()
    {
        for (var i = 0; i < KnownProxies.Length; i++)
        {
            if (!IPAddress.TryParse(KnownProxies[i], out _))
            {
                yield return $"{SectionName}:{nameof(KnownProxies)}:{i} ('{KnownProxies[i]}') must be an IP address such as 127.0.0.1.";
            }
        }

        for (var i = 0; i < KnownNetworks.Length; i++)
        {
            if (!IPNetwork.TryParse(KnownNetworks[i], out _))
            {
                yield return $"{SectionName}:{nameof(KnownNetworks)}:{i} ('{KnownNetworks[i]}') must be a network in CIDR form such as 10.0.0.0/24.";
            }
        }

        if (ForwardLimit is < 1 or > 10)
        {
            yield return $"{SectionName}:{nameof(ForwardLimit)} must be from 1 to 10.";
        }
    }
}
