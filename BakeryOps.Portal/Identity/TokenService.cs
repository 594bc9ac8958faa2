using System.Security.Claims;
using BakeryOps.Infrastructure.Identity;
using BakeryOps.Infrastructure.Identity.Tokens;
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
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, user.Id),
            new(JwtRegisteredClaimNames.Name, user.UserName ?? user.Id),
            // Checked on every request (UserTokenCheck): a lock, role change or password reset renews the stamp.
            new(ClaimNames.SecurityStamp, UserStampCheck.HashStamp(user.SecurityStamp)),
        };
        claims.AddRange(roles.Select(role => new Claim(ClaimNames.Role, role)));
        return Sign(claims);
    }

    /// <summary>
    /// A service account's token. The client id, not the account's name, names the caller everywhere a user name would
    /// go: it cannot be taken by a person's account, so nothing keyed by user name (saved views, "self" rules) is shared.
    /// </summary>
    public IssuedToken CreateForServiceAccount(string clientId, IEnumerable<string> roles, IEnumerable<string> facilities)
    {
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, clientId),
            new(ClaimNames.Name, clientId),
            new(ClaimNames.ClientId, clientId),
        };
        claims.AddRange(roles.Select(role => new Claim(ClaimNames.Role, role)));
        claims.AddRange(facilities.Select(facility => new Claim(ServiceAccountClaims.Facilities, facility)));
        return Sign(claims);
    }

    private IssuedToken Sign(List<Claim> claims)
    {
        var jwt = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var lifetime = TimeSpan.FromMinutes(jwt.AccessTokenMinutes);
        claims.Add(new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")));
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

    /// <summary>The hash of the user's Identity security stamp when the token was issued (see <c>UserStampCheck</c>).</summary>
    public const string SecurityStamp = "sst";
}
