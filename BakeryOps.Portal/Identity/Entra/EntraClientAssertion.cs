using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BakeryOps.Portal.Identity.Entra;

/// <summary>
/// The signed JWT that proves the portal's identity at the token endpoint when the app registration has a
/// certificate instead of a secret (RFC 7523 client authentication, as Entra ID expects it).
/// </summary>
public static class EntraClientAssertion
{
    public const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    public static string Create(X509Certificate2 certificate, string clientId, string tokenEndpoint, TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = clientId,
            Audience = tokenEndpoint,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = clientId,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            },
            // x5t names the registered certificate the key belongs to.
            SigningCredentials = new X509SigningCredentials(certificate, SecurityAlgorithms.RsaSha256),
        });
    }
}
