using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BakeryOps.Tests.TestInfrastructure;

/// <summary>The person the test provider signs in: it approves every authorize request for them, without a page.</summary>
public sealed record EntraTestUser(string ObjectId, string UserName, string DisplayName, IReadOnlyList<string> AppRoles, IReadOnlyList<string> Groups);

/// <summary>
/// A small OpenID Connect provider shaped like Microsoft Entra ID (v2.0 paths under <c>/{tenant}/</c>) on a real
/// loopback port, so both the portal and the browser reach it: discovery document, JWKS with an RSA key that a
/// test can rotate, an authorize endpoint that approves <see cref="User"/> and insists on PKCE (S256), and a token
/// endpoint that checks the code, the redirect URI, the code_verifier and the client's secret or certificate
/// assertion before issuing an id_token and an access token.
/// </summary>
public sealed class EntraTestProvider : IAsyncDisposable
{
    public const string TenantId = "6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";
    public const string ClientId = "0d9e8f7a-6b5c-4d3e-2f1a-b0c9d8e7f6a5";
    public const string ClientSecret = "entra-test-client-secret-value";

    /// <summary>An app role and a group object id the portal's test settings map to Planner and Viewer.</summary>
    public const string PlannerAppRole = "BakeryOps.Planner";
    public const string ViewersGroup = "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, PendingCode> _codes = new();
    private readonly Lock _keysLock = new();
    private RsaSecurityKey _signingKey = NewKey();

    private EntraTestProvider(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;
    public string Instance => BaseAddress.ToString();
    public string Issuer => IssuerOf(TenantId);

    public EntraTestUser User { get; set; } = new(
        "11111111-2222-4333-8444-555555555555", "baker@contoso.test", "Bea Baker", [PlannerAppRole], [ViewersGroup]);

    /// <summary>When set, the token endpoint wants a client assertion signed with this certificate instead of the secret.</summary>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>The PKCE method of the last authorize request and whether its token request proved the verifier.</summary>
    public string? LastChallengeMethod { get; private set; }
    public bool LastVerifierChecked { get; private set; }
    public string? LastClientAuthentication { get; private set; }

    public int JwksRequests;

    public RsaSecurityKey SigningKey
    {
        get
        {
            lock (_keysLock)
            {
                return _signingKey;
            }
        }
    }

    /// <summary>Replaces the signing key; the JWKS then lists only the new one, as after a real rotation ends.</summary>
    public RsaSecurityKey RotateKey()
    {
        lock (_keysLock)
        {
            return _signingKey = NewKey();
        }
    }

    public static string IssuerOf(string tenantId, Uri baseAddress) => $"{baseAddress.ToString().TrimEnd('/')}/{tenantId}/v2.0";
    public string IssuerOf(string tenantId) => IssuerOf(tenantId, BaseAddress);

    /// <summary>The portal's <c>AzureAd</c> settings pointing at this provider.</summary>
    public Dictionary<string, string?> PortalSettings() => new()
    {
        ["AzureAd:Instance"] = Instance,
        ["AzureAd:TenantId"] = TenantId,
        ["AzureAd:ClientId"] = ClientId,
        ["AzureAd:ClientSecret"] = ClientSecret,
        ["AzureAd:RequireHttpsMetadata"] = "false",
        ["AzureAd:RefreshInterval"] = "00:00:01",
        [$"AzureAd:RoleMap:{PlannerAppRole}"] = "Planner",
        [$"AzureAd:RoleMap:{ViewersGroup}"] = "Viewer",
        ["AzureAd:RoleMap:BakeryOps.Admin"] = "Admin",
    };

    public static EntraTestProvider Start()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var provider = new EntraTestProvider(app);
        provider.Map(app);
        app.Start();
        provider.BaseAddress = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return provider;
    }

    /// <summary>An access token for the portal's API as Entra would issue it to <see cref="User"/>; <paramref name="customize"/> spoils it.</summary>
    public string IssueAccessToken(Action<SecurityTokenDescriptor>? customize = null, SecurityKey? key = null, EntraTestUser? user = null)
    {
        var descriptor = Descriptor(user ?? User, $"api://{ClientId}");
        descriptor.Claims["scp"] = "access_as_user";
        descriptor.SigningCredentials = new SigningCredentials(key ?? SigningKey, SecurityAlgorithms.RsaSha256);
        customize?.Invoke(descriptor);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>The same claims with <c>alg: none</c> and no signature.</summary>
    public string IssueUnsignedAccessToken()
    {
        var descriptor = Descriptor(User, $"api://{ClientId}");
        descriptor.Claims["scp"] = "access_as_user";
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    public static RsaSecurityKey NewKey() => new(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N") };

    private SecurityTokenDescriptor Descriptor(EntraTestUser user, string audience)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = $"pairwise-{user.ObjectId}",
            ["oid"] = user.ObjectId,
            ["tid"] = TenantId,
            ["preferred_username"] = user.UserName,
            ["name"] = user.DisplayName,
            ["ver"] = "2.0",
        };
        if (user.AppRoles.Count > 0)
        {
            claims["roles"] = user.AppRoles.ToArray();
        }

        if (user.Groups.Count > 0)
        {
            claims["groups"] = user.Groups.ToArray();
        }

        return new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            Claims = claims,
        };
    }

    private void Map(WebApplication app)
    {
        var tenant = $"/{TenantId}";
        app.MapGet($"{tenant}/v2.0/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = $"{BaseAddress}{TenantId}/oauth2/v2.0/authorize",
            ["token_endpoint"] = $"{BaseAddress}{TenantId}/oauth2/v2.0/token",
            ["jwks_uri"] = $"{BaseAddress}{TenantId}/discovery/v2.0/keys",
            ["response_types_supported"] = new[] { "code" },
            ["response_modes_supported"] = new[] { "query", "form_post" },
            ["subject_types_supported"] = new[] { "pairwise" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "private_key_jwt" },
            ["scopes_supported"] = new[] { "openid", "profile", "email", "offline_access" },
        }));

        app.MapGet($"{tenant}/discovery/v2.0/keys", () =>
        {
            Interlocked.Increment(ref JwksRequests);
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(SigningKey);
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, use = "sig", kid = jwk.Kid, n = jwk.N, e = jwk.E, alg = "RS256" } } });
        });

        app.MapGet($"{tenant}/oauth2/v2.0/authorize", Authorize);
        app.MapPost($"{tenant}/oauth2/v2.0/token", TokenAsync);
    }

    private IResult Authorize(HttpRequest request)
    {
        var q = request.Query;
        string redirectUri = q["redirect_uri"].ToString(), state = q["state"].ToString();
        if (q["client_id"] != ClientId || !Uri.TryCreate(redirectUri, UriKind.Absolute, out _))
        {
            return Results.BadRequest("unknown client_id or redirect_uri");
        }

        LastChallengeMethod = q["code_challenge_method"];
        if (q["response_type"] != "code" || LastChallengeMethod != "S256" || string.IsNullOrEmpty(q["code_challenge"]))
        {
            return Back(redirectUri, q["response_mode"], new() { ["error"] = "invalid_request", ["state"] = state });
        }

        var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        _codes[code] = new PendingCode(redirectUri, q["code_challenge"]!, q["nonce"], User);
        return Back(redirectUri, q["response_mode"], new() { ["code"] = code, ["state"] = state });
    }

    private static IResult Back(string redirectUri, string? responseMode, Dictionary<string, string?> values)
    {
        if (responseMode == "form_post")
        {
            var inputs = string.Concat(values.Select(v =>
                $"<input type=\"hidden\" name=\"{v.Key}\" value=\"{HtmlEncoder.Default.Encode(v.Value ?? "")}\"/>"));
            return Results.Content(
                $"<html><body onload=\"document.forms[0].submit()\"><form method=\"post\" action=\"{HtmlEncoder.Default.Encode(redirectUri)}\">{inputs}</form></body></html>",
                "text/html");
        }

        var query = string.Join("&", values.Select(v => $"{v.Key}={Uri.EscapeDataString(v.Value ?? "")}"));
        return Results.Redirect($"{redirectUri}{(redirectUri.Contains('?') ? '&' : '?')}{query}");
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var pending))
        {
            return Error("invalid_grant", "unknown or used code");
        }

        if (form["redirect_uri"] != pending.RedirectUri)
        {
            return Error("invalid_grant", "redirect_uri differs from the authorize request");
        }

        var verifier = form["code_verifier"].ToString();
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        LastVerifierChecked = verifier.Length > 0 && challenge == pending.Challenge;
        if (!LastVerifierChecked)
        {
            return Error("invalid_grant", "code_verifier does not match the code_challenge");
        }

        if (form["client_id"] != ClientId || !await ClientAuthenticatedAsync(form, request))
        {
            return Error("invalid_client", "client authentication failed");
        }

        var idToken = Descriptor(pending.User, ClientId);
        if (pending.Nonce is { Length: > 0 } nonce)
        {
            idToken.Claims["nonce"] = nonce;
        }

        idToken.SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.RsaSha256);
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return Results.Json(new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = 3600,
            ["scope"] = "openid profile",
            ["id_token"] = handler.CreateToken(idToken),
            ["access_token"] = IssueAccessToken(user: pending.User),
        });
    }

    private async Task<bool> ClientAuthenticatedAsync(IFormCollection form, HttpRequest request)
    {
        if (ClientCertificate is null)
        {
            LastClientAuthentication = "client_secret";
            return form["client_secret"] == ClientSecret;
        }

        LastClientAuthentication = "private_key_jwt";
        if (form["client_assertion_type"] != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" || !string.IsNullOrEmpty(form["client_secret"]))
        {
            return false;
        }

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(form["client_assertion"].ToString(), new TokenValidationParameters
        {
            ValidIssuer = ClientId,
            ValidAudience = $"{request.Scheme}://{request.Host}{request.Path}",
            IssuerSigningKey = new X509SecurityKey(ClientCertificate),
        });
        return result.IsValid && result.ClaimsIdentity.FindFirst("sub")?.Value == ClientId;
    }

    private static IResult Error(string error, string description) =>
        Results.Json(new { error, error_description = description }, statusCode: StatusCodes.Status400BadRequest);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private sealed record PendingCode(string RedirectUri, string Challenge, string? Nonce, EntraTestUser User);
}
