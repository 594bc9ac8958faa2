namespace BakeryOps.Domain.Identity;

/// <summary>
/// Credentials for another system calling the API (the OAuth2 client credentials grant), not a person. Roles and
/// facility limits are its own; deleting the row makes its tokens fail at their next use.
/// </summary>
public sealed class ServiceAccount
{
    public const int MaxClientIdLength = 64;
    public const int MaxNameLength = 100;
    public const int MaxRolesLength = 200;
    public const int MaxFacilitiesLength = 2000;
    public const int MaxAddressLength = 64;

    public required string ClientId { get; init; }
    public required string Name { get; set; }

    /// <summary>Role names, comma separated (from <see cref="Roles.All"/>).</summary>
    public required string Roles { get; set; }

    /// <summary>Facility ids it may act for, comma separated; empty means every facility.</summary>
    public string Facilities { get; set; } = "";

    public DateTimeOffset CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public string? LastUsedAddress { get; set; }

    public List<ServiceAccountSecret> Secrets { get; init; } = [];
}

/// <summary>A secret of a service account; only its hash is stored. A rotated-out secret works until <see cref="ExpiresAt"/>.</summary>
public sealed class ServiceAccountSecret
{
    public const int HashLength = 64;

    public required string Id { get; init; }
    public required string ClientId { get; init; }

    /// <summary>Lower-case hex SHA-256 of the secret (a 256-bit random value, so no slow hash is needed).</summary>
    public required string SecretHash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Null while current; set on rotation to the end of the overlap.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
}
