using BakeryOps.Infrastructure.Configuration;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BakeryOps.Portal.Hosting;

public static class SecuritySetup
{
    /// <summary>
    /// The <c>Security</c> section: Identity lockout, the cookie policy (every cookie HttpOnly, and Secure as
    /// configured) and HSTS. The headers themselves are <see cref="SecurityHeaders"/>.
    /// </summary>
    public static IHostApplicationBuilder AddPortalSecurity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<SecurityOptions>(SecurityOptions.SectionName, o => o.Validate());

        services.AddOptions<IdentityOptions>().Configure<IOptions<SecurityOptions>>((identity, security) =>
        {
            identity.Lockout.AllowedForNewUsers = true;
            identity.Lockout.MaxFailedAccessAttempts = security.Value.Lockout.MaxFailedAccessAttempts;
            identity.Lockout.DefaultLockoutTimeSpan = security.Value.Lockout.Duration;
        });

        // SameSite stays each cookie's own (auth Lax, antiforgery Strict): a minimum here would also raise the
        // SameSite=None correlation cookies an external sign-in needs for its cross-site answer.
        services.AddOptions<CookiePolicyOptions>().Configure<IOptions<SecurityOptions>>((cookies, security) =>
        {
            cookies.HttpOnly = HttpOnlyPolicy.Always;
            cookies.Secure = security.Value.CookieSecurePolicy == CookieSecurity.SameAsRequest
                ? CookieSecurePolicy.SameAsRequest
                : CookieSecurePolicy.Always;
        });

        services.AddOptions<HstsOptions>().Configure<IOptions<SecurityOptions>>((hsts, security) =>
        {
            hsts.MaxAge = security.Value.HstsMaxAge;
            hsts.IncludeSubDomains = security.Value.HstsIncludeSubDomains;
        });
        return builder;
    }
}
