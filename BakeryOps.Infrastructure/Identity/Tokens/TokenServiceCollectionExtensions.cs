using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BakeryOps.Infrastructure.Identity.Tokens;

public static class TokenServiceCollectionExtensions
{
    /// <summary>Refresh tokens and the security-stamp check. <see cref="TokenLifetimes"/> comes from the portal's <c>Jwt</c> settings.</summary>
    public static IServiceCollection AddTokenStores(this IServiceCollection services)
    {
        services.TryAddSingleton<UserRevocations>();
        services.TryAddSingleton<UserStampCheck>();
        services.TryAddSingleton<RefreshTokenStore>();
        return services;
    }
}
