using Microsoft.AspNetCore.Components.Server.Circuits;

namespace BakeryOps.Portal.Audit;

public static class AuditSetup
{
    /// <summary>The pages' audit services: the circuit's address and <see cref="PageAudit"/>.</summary>
    public static IServiceCollection AddPortalAudit(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<CircuitAddress>();
        services.AddScoped<CircuitHandler, CircuitAddress.Capture>();
        services.AddScoped<PageAudit>();
        return services;
    }
}
