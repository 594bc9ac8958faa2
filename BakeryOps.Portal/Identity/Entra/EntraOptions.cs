using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BakeryOps.Domain.Identity;

namespace BakeryOps.Portal.Identity.Entra;

/// <summary>
/// Microsoft Entra ID sign-in and bearer tokens, section <c>AzureAd</c> (the name Microsoft.Identity.Web reads).
/// Off while none of TenantId, ClientId, ClientSecret, ClientCertificatePath or RoleMap is set.
/// </summary>
public sealed class EntraOptions
{
    public const string SectionName = "AzureAd";

    /// <summary>The OpenID Connect scheme of "Sign in with Microsoft"; also the provider name in AspNetUserLogins.</summary>
    public const string Scheme = "Entra";

    /// <summary>The JWT bearer scheme for Entra-issued access tokens on the API.</summary>
    public const string BearerScheme = "EntraBearer";

    /// <summary>The audit and cookie sign-in method.</summary>
    public const string Method = "entra";

    /// <summary>The cloud's sign-in host (default <c>https://login.microsoftonline.com/</c>).</summary>
    public string Instance { get; set; } = "https://login.microsoftonline.com/";

    /// <summary>The directory (tenant) id, a GUID: only that tenant's people and tokens are accepted.</summary>
    public string? TenantId { get; set; }

    /// <summary>The application (client) id of the portal's app registration; also the API's token audience.</summary>
    public string? ClientId { get; set; }

    /// <summary>The app registration's client secret (or give a certificate instead).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>A PKCS#12 (.pfx) file with the certificate and private key registered on the app, instead of a secret.</summary>
    public string? ClientCertificatePath { get; set; }

    public string? ClientCertificatePassword { get; set; }

    /// <summary>The redirect URI path registered on the app (default <c>/signin-oidc</c>).</summary>
    public string CallbackPath { get; set; } = "/signin-oidc";

    /// <summary>Refuse metadata over plain HTTP (default true; only a local test provider turns it off).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>
    /// The shortest time between two metadata refreshes that a token signed by an unknown key may force (default
    /// 5 minutes, at least 1 second): how soon a rotated signing key is picked up.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Entra app role values or group object ids mapped to portal roles: <c>AzureAd:RoleMap:{app role or group id}</c>
    /// = a role name, or several separated by commas. Applied at every sign-in and to every bearer token.
    /// </summary>
    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public bool Enabled =>
        !string.IsNullOrWhiteSpace(TenantId) || !string.IsNullOrWhiteSpace(ClientId) || !string.IsNullOrWhiteSpace(ClientSecret)
        || !string.IsNullOrWhiteSpace(ClientCertificatePath) || RoleMap.Count > 0;

    public string Authority => $"{Instance.TrimEnd('/')}/{TenantId}/v2.0";

    /// <summary>
    /// The issuers a token of this tenant carries: the v2.0 authority, and for the public cloud also the v1.0
    /// <c>sts.windows.net</c> one that access tokens have while the app registration asks for version 1 tokens.
    /// </summary>
    public IReadOnlyList<string> Issuers =>
        Uri.TryCreate(Instance, UriKind.Absolute, out var instance) && instance.Host == "login.microsoftonline.com"
            ? [Authority, $"https://sts.windows.net/{TenantId}/"]
            : [Authority];

    /// <summary>The audiences of the API's access tokens: the client id and its <c>api://</c> application id URI.</summary>
    public IReadOnlyList<string> Audiences => [ClientId!, $"api://{ClientId}"];

    // Read once at start, so a wrong password or a certificate without its key stops start-up, not the first sign-in.
    private string? CertificateProblem()
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadPkcs12FromFile(ClientCertificatePath!, ClientCertificatePassword);
            return certificate.HasPrivateKey ? null : "holds no private key: export the certificate with its key (.pfx).";
        }
        catch (CryptographicException)
        {
            return $"could not be read as PKCS#12 with {SectionName}:ClientCertificatePassword.";
        }
    }

    public IEnumerable<string> Validate()
    {
        if (!Enabled)
        {
            yield break;
        }

        const string prefix = SectionName + ":";
        if (!Uri.TryCreate(Instance, UriKind.Absolute, out var instance) || instance.Scheme is not ("https" or "http"))
        {
            yield return $"{prefix}Instance must be an absolute https URL such as https://login.microsoftonline.com/.";
        }
        else if (instance.Scheme == "http" && RequireHttpsMetadata)
        {
            yield return $"{prefix}Instance must use https (only a local test provider may set {prefix}RequireHttpsMetadata to false).";
        }

        if (string.IsNullOrWhiteSpace(TenantId))
        {
            yield return $"{prefix}TenantId is required: the directory (tenant) id of the organisation.";
        }
        else if (!Guid.TryParse(TenantId, out _))
        {
            // Tokens name the tenant by its id; a domain name or "common" would accept other tenants or none.
            yield return $"{prefix}TenantId must be the directory (tenant) id, a GUID (not a domain name, 'common' or 'organizations').";
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            yield return $"{prefix}ClientId is required: the application (client) id of the portal's app registration.";
        }

        var hasSecret = !string.IsNullOrWhiteSpace(ClientSecret);
        var hasCertificate = !string.IsNullOrWhiteSpace(ClientCertificatePath);
        if (hasSecret == hasCertificate)
        {
            yield return $"{prefix}ClientSecret or {prefix}ClientCertificatePath is required (one of them, not both).";
        }
        else if (hasCertificate && !File.Exists(ClientCertificatePath))
        {
            yield return $"{prefix}ClientCertificatePath names no file ({ClientCertificatePath}).";
        }
        else if (hasCertificate && CertificateProblem() is { } problem)
        {
            yield return $"{prefix}ClientCertificatePath {problem}";
        }

        if (string.IsNullOrWhiteSpace(CallbackPath) || CallbackPath[0] != '/')
        {
            yield return $"{prefix}CallbackPath must be a path starting with '/' (default /signin-oidc).";
        }

        if (RefreshInterval < TimeSpan.FromSeconds(1))
        {
            yield return $"{prefix}RefreshInterval must be at least 00:00:01.";
        }

        if (RoleMap.Count == 0)
        {
            yield return $"{prefix}RoleMap maps no Entra app role or group to a portal role: nobody could sign in. Add e.g. {prefix}RoleMap:BakeryOps.Admin = Admin.";
        }

        foreach (var (key, value) in RoleMap)
        {
            var named = EntraRoleMap.Split(value);
            if (named.Count == 0 || named.Any(r => EntraRoleMap.Canonical(r) is null))
            {
                yield return $"{prefix}RoleMap:{key} must name portal roles ({string.Join(", ", Roles.All)}), found '{value}'.";
            }
        }
    }
}
