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

    /// <summary>
    /// Days a refresh token stays usable when not used (default 14, 1 to 365). Each use replaces it with one that
    /// has the full sliding lifetime again, up to <see cref="RefreshTokenAbsoluteDays"/>.
    /// </summary>
    public int RefreshTokenSlidingDays { get; set; } = 14;

    /// <summary>Days after the password grant when its refresh tokens end whatever their use (default 30, 1 to 365, at least the sliding days).</summary>
    public int RefreshTokenAbsoluteDays { get; set; } = 30;

    /// <summary>
    /// Seconds a user's security stamp is cached for the bearer check, and how often open cookies and portal circuits
    /// are checked (default 30, 1 to 3600): the longest a token, cookie or circuit of a locked user lives on.
    /// </summary>
    public int RevocationCheckSeconds { get; set; } = 30;

    public SymmetricSecurityKey CreateKey() => new(Encoding.UTF8.GetBytes(SigningKey));
}
