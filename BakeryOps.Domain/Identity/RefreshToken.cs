namespace BakeryOps.Domain.Identity;

/// <summary>
/// One refresh token of a sign-in's family. Only its SHA-256 hash is stored. Using it marks it used and issues its
/// successor in the same family; using a used one again means it was stolen, and the whole family is revoked.
/// </summary>
public sealed class RefreshToken
{
    public const int HashLength = 64;
    public const int MaxReasonLength = 100;
    public const int MaxAddressLength = 64;

    public required string Id { get; init; }

    /// <summary>Shared by every token rotated from one sign-in.</summary>
    public required string FamilyId { get; init; }

    /// <summary>The Identity user id of the account the token was issued to.</summary>
    public required string UserId { get; init; }

    /// <summary>Lower-case hex SHA-256 of the opaque token.</summary>
    public required string TokenHash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Sliding end: the token is refused after this unless used (and so replaced) before.</summary>
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Absolute end of the family, copied from its first token; rotation never extends it.</summary>
    public DateTimeOffset FamilyExpiresAt { get; init; }

    public DateTimeOffset? UsedAt { get; set; }
    public string? ReplacedById { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedReason { get; set; }
    public string? CreatedByAddress { get; init; }
}
