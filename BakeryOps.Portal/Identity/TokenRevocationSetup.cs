using BakeryOps.Infrastructure.Identity.Tokens;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace BakeryOps.Portal.Identity;

public static class TokenRevocationSetup
{
    /// <summary>
    /// The <c>/token</c> grants, refresh-token lifetimes and revocation: bearer tokens checked against the user's
    /// security stamp (<see cref="ITokenPrincipalCheck"/>), cookies and open circuits checked again every
    /// <c>Jwt:RevocationCheckSeconds</c>, the longest any of them outlives a lock, role change or password reset.
    /// </summary>
    public static IServiceCollection AddTokenGrantsAndRevocation(this IServiceCollection services, JwtOptions jwt)
    {
        var interval = TimeSpan.FromSeconds(jwt.RevocationCheckSeconds);
        services.AddSingleton(new TokenLifetimes(
            TimeSpan.FromDays(jwt.RefreshTokenSlidingDays), TimeSpan.FromDays(jwt.RefreshTokenAbsoluteDays), interval));
        services.AddScoped<TokenPasswordGrant>();
        services.AddScoped<TokenRefreshGrant>();

        services.AddSingleton<ITokenPrincipalCheck, UserTokenCheck>();
        services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
        {
            o.Events ??= new JwtBearerEvents();
            var previous = o.Events.OnTokenValidated;
            o.Events.OnTokenValidated = async context =>
            {
                await previous(context);
                if (context.Result is null)
                {
                    await TokenPrincipalValidation.OnTokenValidatedAsync(context);
                }
            };
        });

        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = interval);
        services.AddScoped<AuthenticationStateProvider, PortalAuthenticationStateProvider>();
        return services;
    }
}
