using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using BakeryOps.Infrastructure.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace BakeryOps.Portal.Identity.Entra;

/// <summary>
/// "Sign in with Microsoft" (OpenID Connect, authorization code + PKCE) and Entra-issued bearer tokens on the API,
/// both through Microsoft.Identity.Web, when the <c>AzureAd</c> section is set. The OpenID Connect handler signs in
/// to Identity's external cookie only; <see cref="EntraEndpoints"/> then links the local account and issues the
/// portal's own cookie, so an Entra user is signed in exactly like a local one.
/// </summary>
public static class EntraSetup
{
    public static IHostApplicationBuilder AddEntraSignIn(this IHostApplicationBuilder builder, JwtOptions jwt)
    {
        var services = builder.Services;
        services.AddValidatedOptions<EntraOptions>(EntraOptions.SectionName, o => o.Validate());
        services.AddSingleton<EntraRoleMap>();

        var section = builder.Configuration.GetSection(EntraOptions.SectionName);
        if (section.Get<EntraOptions>() is not { Enabled: true })
        {
            return builder;
        }

        var authentication = services.AddAuthentication();
        authentication.AddMicrosoftIdentityWebApp(section, EntraOptions.Scheme, cookieScheme: null, displayName: "Microsoft");
        authentication.AddMicrosoftIdentityWebApi(section, EntraOptions.BearerScheme);

        // Registered after Microsoft.Identity.Web's own Configure calls, so these settings win over its defaults.
        services.AddOptions<OpenIdConnectOptions>(EntraOptions.Scheme)
            .Configure<IOptions<EntraOptions>, TimeProvider>((o, entra, clock) => ConfigureSignIn(o, entra.Value, clock));
        services.AddOptions<JwtBearerOptions>(EntraOptions.BearerScheme)
            .Configure<IOptions<EntraOptions>, EntraRoleMap>((o, entra, map) => ConfigureBearer(o, entra.Value, map));

        // After the handlers' own post-configuration has made their metadata managers: a key that left the JWKS is
        // refused from the next refresh on, not kept for an hour as part of a "last known good" configuration.
        services.PostConfigure<OpenIdConnectOptions>(EntraOptions.Scheme, o => ForgetRotatedKeys(o.ConfigurationManager));
        services.PostConfigure<JwtBearerOptions>(EntraOptions.BearerScheme, o => ForgetRotatedKeys(o.ConfigurationManager));

        // A bearer token the portal did not issue itself goes to the Entra handler, which refuses any other issuer.
        services.PostConfigure<PolicySchemeOptions>(AuthenticationSetup.BearerOrCookie, o =>
        {
            var inner = o.ForwardDefaultSelector;
            o.ForwardDefaultSelector = context =>
            {
                var scheme = inner?.Invoke(context);
                return scheme == JwtBearerDefaults.AuthenticationScheme && !IsPortalToken(context, jwt.Issuer)
                    ? EntraOptions.BearerScheme
                    : scheme;
            };
        });
        return builder;
    }

    private static void ConfigureSignIn(OpenIdConnectOptions o, EntraOptions entra, TimeProvider clock)
    {
        o.SignInScheme = IdentityConstants.ExternalScheme;
        o.ClientId = entra.ClientId;
        o.ClientSecret = entra.ClientSecret;
        o.CallbackPath = entra.CallbackPath;
        o.ResponseType = OpenIdConnectResponseType.Code;
        o.UsePkce = true;
        // The answer comes back as a top-level GET (not form_post), so the correlation and nonce cookies can be
        // SameSite=Lax and need no Secure flag on a plain-HTTP development host; HTTPS still gets Secure ones.
        o.ResponseMode = OpenIdConnectResponseMode.Query;
        foreach (var cookie in new[] { o.CorrelationCookie, o.NonceCookie })
        {
            cookie.SameSite = SameSiteMode.Lax;
            cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        }

        o.RequireHttpsMetadata = entra.RequireHttpsMetadata;
        o.RefreshInterval = entra.RefreshInterval;
        o.MapInboundClaims = false;
        o.SaveTokens = false;
        o.GetClaimsFromUserInfoEndpoint = false;
        ConfigureTokenValidation(o.TokenValidationParameters, entra, ClaimNames.PreferredUserName);
        o.TokenValidationParameters.ValidAudience = entra.ClientId;

        var failed = o.Events.OnRemoteFailure;
        o.Events.OnRemoteFailure = async context =>
        {
            await failed(context);
            await EntraEndpoints.RecordRemoteFailureAsync(context);
        };

        if (!string.IsNullOrWhiteSpace(entra.ClientCertificatePath))
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(entra.ClientCertificatePath, entra.ClientCertificatePassword);
            var codeReceived = o.Events.OnAuthorizationCodeReceived;
            o.Events.OnAuthorizationCodeReceived = async context =>
            {
                await codeReceived(context);
                var request = context.TokenEndpointRequest!;
                // The handler keeps its metadata to itself; the manager hands out the same cached copy.
                var metadata = await context.Options.ConfigurationManager!.GetConfigurationAsync(context.HttpContext.RequestAborted);
                request.ClientSecret = null;
                request.ClientAssertionType = EntraClientAssertion.AssertionType;
                request.ClientAssertion = EntraClientAssertion.Create(certificate, entra.ClientId!, metadata.TokenEndpoint, clock);
            };
        }
    }

    private static void ConfigureBearer(JwtBearerOptions o, EntraOptions entra, EntraRoleMap map)
    {
        o.RequireHttpsMetadata = entra.RequireHttpsMetadata;
        o.RefreshInterval = entra.RefreshInterval;
        o.RefreshOnIssuerKeyNotFound = true;
        o.MapInboundClaims = false;
        ConfigureTokenValidation(o.TokenValidationParameters, entra, ClaimNames.PreferredUserName);
        o.TokenValidationParameters.AudienceValidator = null;
        o.TokenValidationParameters.ValidAudiences = entra.Audiences;

        var validated = o.Events.OnTokenValidated;
        o.Events.OnTokenValidated = async context =>
        {
            await validated(context);
            if (context.Result is not { Failure: not null } && context.Principal is not null)
            {
                context.Principal = ToPortalPrincipal(context.Principal, map);
            }
        };
    }

    private static void ForgetRotatedKeys(object? configurationManager)
    {
        if (configurationManager is BaseConfigurationManager manager)
        {
            manager.UseLastKnownGoodConfiguration = false;
        }
    }

    /// <summary>Exactly this tenant's issuers; Microsoft.Identity.Web's multi-tenant issuer validator is not used.</summary>
    private static void ConfigureTokenValidation(TokenValidationParameters parameters, EntraOptions entra, string nameClaim)
    {
        parameters.IssuerValidator = null;
        parameters.ValidateIssuer = true;
        parameters.ValidIssuers = entra.Issuers;
        parameters.ValidateAudience = true;
        parameters.ValidateLifetime = true;
        parameters.RequireSignedTokens = true;
        parameters.RequireExpirationTime = true;
        parameters.ClockSkew = TimeSpan.FromSeconds(30);
        parameters.NameClaimType = nameClaim;
        parameters.RoleClaimType = EntraRoleMap.RolesClaim;
    }

    /// <summary>
    /// The API caller as the portal's policies see it: name and portal roles in the claim types of the portal's own
    /// tokens. Entra's raw app roles are dropped, so an unmapped app role that happens to be called "Admin" grants nothing.
    /// </summary>
    internal static ClaimsPrincipal ToPortalPrincipal(ClaimsPrincipal entra, EntraRoleMap map)
    {
        // A person's token has preferred_username; an application's (client credentials) only its client id.
        var application = (entra.FindFirst("azp") ?? entra.FindFirst("appid"))?.Value;
        var name = entra.FindFirst(ClaimNames.PreferredUserName)?.Value
            ?? entra.FindFirst("upn")?.Value
            ?? (application is null ? null : $"app:{application}")
            ?? entra.FindFirst("oid")?.Value
            ?? "(unnamed)";
        var identity = new ClaimsIdentity(EntraOptions.BearerScheme, Identity.ClaimNames.Name, Identity.ClaimNames.Role);
        identity.AddClaim(new Claim(Identity.ClaimNames.Name, name));
        foreach (var type in new[] { "oid", "tid", "sub" })
        {
            if (entra.FindFirst(type) is { } claim)
            {
                identity.AddClaim(new Claim(type, claim.Value));
            }
        }

        foreach (var role in map.Map(entra))
        {
            identity.AddClaim(new Claim(Identity.ClaimNames.Role, role));
        }

        return new ClaimsPrincipal(identity);
    }

    private static bool IsPortalToken(HttpContext context, string portalIssuer)
    {
        var token = context.Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
        var handler = new JsonWebTokenHandler();
        if (!handler.CanReadToken(token))
        {
            return true;
        }

        try
        {
            return handler.ReadJsonWebToken(token).Issuer == portalIssuer;
        }
        catch (SecurityTokenMalformedException)
        {
            return true;
        }
    }

    private static class ClaimNames
    {
        public const string PreferredUserName = "preferred_username";
    }
}
