using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace BakeryOps.Portal.Identity;

/// <summary>
/// Bearer tokens issued by <c>POST /token</c>, section <c>Jwt</c>. The earlier system's <c>SECRET_KEY</c>,
/// <c>ALGORITHM</c> and <c>ACCESS_TOKEN_EXPIRE_MINUTES</c> win over this section when set.
/// </summary>
public sealed class JwtOptions
{
    public const string SectionName = "Jwt";

    /// <summary>The HMAC secret: at least 32 bytes for HS256 (48 for HS384, 64 for HS512). Required outside Development.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>HS256 (default), HS384 or HS512.</summary>
    public string Algorithm { get; set; } = SecurityAlgorithms.HmacSha256;

    public string Issuer { get; set; } = "bakeryops";
    public string Audience { get; set; } = "bakeryops-api";

    /// <summary>Lifetime of an access token in minutes (default 60, at most 1440).</summary>
    public int AccessTokenMinutes { get; set; } = 60;

    public SymmetricSecurityKey CreateKey() => new(Encoding.UTF8.GetBytes(SigningKey));
}
