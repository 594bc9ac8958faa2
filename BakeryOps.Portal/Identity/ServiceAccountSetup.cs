using BakeryOps.Portal.Api;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BakeryOps.Portal.Identity;

public static class ServiceAccountSetup
{
    /// <summary>
    /// The client credentials grant, the bearer check that refuses deleted accounts' tokens, and the routing that lets
    /// the Admin APIs share their paths with the Admin pages.
    /// </summary>
    public static IServiceCollection AddServiceAccountAccess(this IServiceCollection services)
    {
        services.TryAddSingleton<ServiceAccountGrant>();
        services.AddServiceAccountTokenCheck();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, PageOrApiMatcherPolicy>());
        return services;
    }
}
