using System.Security.Claims;
using BakeryOps.Infrastructure.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BakeryOps.Portal.Identity;

/// <summary>Issues the signed access tokens that <c>POST /token</c> returns.</summary>
public sealed class TokenService(IOptions<JwtOptions> options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();

    public IssuedToken Create(ApplicationUser user, IEnumerable<string> roles)
    {
        var jwt = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var lifetime = TimeSpan.FromMinutes(jwt.AccessTokenMinutes);
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, user.Id),
            new(JwtRegisteredClaimNames.Name, user.UserName ?? user.Id),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
        };
        claims.AddRange(roles.Select(role => new Claim(ClaimNames.Role, role)));

        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(jwt.CreateKey(), jwt.Algorithm),
        });
        return new IssuedToken(token, (int)lifetime.TotalSeconds);
    }
}

public sealed record IssuedToken(string AccessToken, int ExpiresInSeconds);

/// <summary>Claim names shared by the token issuer and the bearer handler.</summary>
public static class ClaimNames
{
    public const string Role = "role";
    public const string Name = "name";

    /// <summary>Set on tokens issued to a service account (client credentials); its value is the client id.</summary>
    public const string ClientId = "client_id";
}
