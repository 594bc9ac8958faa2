using System.Net;
using BakeryOps.Domain.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace BakeryOps.Portal.Telemetry;

/// <summary>
/// The <c>/metrics</c> policy: an Admin or Integration principal (a bearer token for a scraper), or a caller from one of
/// <c>Telemetry:Metrics:AllowedNetworks</c>. Anyone else is refused, so the figures never go out anonymously.
/// </summary>
public sealed class MetricsAccessRequirement : IAuthorizationRequirement
{
    public const string PolicyName = "metrics-scrape";
}

internal sealed class MetricsAccessHandler(IOptionsMonitor<TelemetryOptions> options) : AuthorizationHandler<MetricsAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, MetricsAccessRequirement requirement)
    {
        if (context.User.IsInRole(Roles.Admin) || context.User.IsInRole(Roles.Integration)
            || context.Resource is HttpContext { Connection.RemoteIpAddress: { } address } && IsAllowed(address))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    private bool IsAllowed(IPAddress address)
    {
        // Kestrel on a dual-stack socket reports IPv4 callers as ::ffff:a.b.c.d; the settings name them as IPv4.
        var caller = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return options.CurrentValue.Metrics.AllowedNetworks.Any(n => IPNetwork.Parse(n).Contains(caller));
    }
}
