namespace BakeryOps.Infrastructure.Identity.Tokens;

/// <summary>
/// How long refresh tokens live and how long a user's security stamp may be cached. The portal registers it from its
/// validated <c>Jwt</c> settings; nothing here has a default, so a missing registration fails at the first use.
/// </summary>
/// <param name="RefreshSliding">A refresh token not used within this is refused; each use starts it again.</param>
/// <param name="RefreshAbsolute">The end of a family from its password grant, whatever its use.</param>
/// <param name="RevocationCheck">How long a read security stamp is trusted: the longest a revoked token still works.</param>
public sealed record TokenLifetimes(TimeSpan RefreshSliding, TimeSpan RefreshAbsolute, TimeSpan RevocationCheck);
