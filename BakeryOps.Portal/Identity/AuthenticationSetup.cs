using BakeryOps.Infrastructure.Identity;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace BakeryOps.Portal.Identity;

public static class AuthenticationSetup
{
    public const string BearerOrCookie = "BearerOrCookie";

    /// <summary>
    /// Identity with local accounts, cookie sign-in for the portal and JWT bearer for API callers. A request that
    /// carries a bearer token is authenticated by it; anything else by the cookie. APIs answer 401/403, pages redirect.
    /// </summary>
    public static IHostApplicationBuilder AddPortalAuthentication(this IHostApplicationBuilder builder, JwtOptions jwt)
    {
        var services = builder.Services;
        services.AddSingleton(Options.Create(jwt));
        services.AddSingleton<TokenService>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = BearerOrCookie;
                o.DefaultChallengeScheme = BearerOrCookie;
            })
            .AddPolicyScheme(BearerOrCookie, null, o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : IdentityConstants.ApplicationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = jwt.Issuer,
                    ValidAudience = jwt.Audience,
                    IssuerSigningKey = jwt.CreateKey(),
                    ValidAlgorithms = [jwt.Algorithm],
                    NameClaimType = ClaimNames.Name,
                    RoleClaimType = ClaimNames.Role,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
            })
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/login";
            o.LogoutPath = "/logout";
            o.AccessDeniedPath = "/access-denied";
            o.Cookie.Name = "bakeryops.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = c => RedirectOrStatus(c, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => RedirectOrStatus(c, StatusCodes.Status403Forbidden);
        });

        services.AddIdentityCore<ApplicationUser>(o =>
            {
                o.User.RequireUniqueEmail = false;
                o.Password.RequiredLength = 12;
                // Lockout comes from the Security:Lockout settings (SecuritySetup).
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<BakeryOpsDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        // Role or password changes, locks and deletes reach bearer tokens, open cookies and circuits within Jwt:RevocationCheckSeconds.
        services.AddTokenGrantsAndRevocation(jwt);

        // Persisted so cookies and antiforgery tokens survive restarts and work across nodes.
        services.AddDataProtection().SetApplicationName("BakeryOps").PersistKeysToDbContext<BakeryOpsDbContext>();

        services.AddAuthorizationBuilder().AddPortalPolicies(builder.Environment.IsDevelopment());
        services.AddCascadingAuthenticationState();
        return builder;
    }

    /// <summary>
    /// True for requests a person's browser makes for a page: a Razor component page, or an unmatched or
    /// middleware path (such as /docs) asked for as HTML. Everything else is an API call and gets status codes.
    /// </summary>
    public static bool IsPageRequest(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is not null)
        {
            return endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;
        }

        return AcceptsHtml(context);
    }

    public static bool AcceptsHtml(HttpContext context) =>
        context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (IsPageRequest(context.HttpContext))
        {
            context.Response.Redirect(context.RedirectUri);
        }
        else
        {
            context.Response.StatusCode = status;
        }

        return Task.CompletedTask;
    }
}
