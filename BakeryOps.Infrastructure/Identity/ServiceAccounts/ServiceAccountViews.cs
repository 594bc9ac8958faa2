using BakeryOps.Domain.Identity;

namespace BakeryOps.Infrastructure.Identity.ServiceAccounts;

/// <summary>What an Admin asks for: a name, roles (Integration when none) and the facilities it may act for (all when none).</summary>
public sealed record NewServiceAccount(string? Name, IReadOnlyList<string?>? Roles, IReadOnlyList<string?>? Facilities);

/// <summary>The credentials of a new or rotated account. The secret is shown once: only its hash is kept.</summary>
public sealed record ServiceAccountSecretIssued(string ClientId, string Name, string ClientSecret, DateTimeOffset? PreviousSecretExpiresAt);

/// <summary>One row of the list. <see cref="OverlapEndsAt"/> is when the last rotated-out secret stops working, if one still does.</summary>
public sealed record ServiceAccountSummary(
    string ClientId,
    string Name,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Facilities,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? LastUsedAt,
    string? LastUsedAddress,
    int ActiveSecrets,
    DateTimeOffset? OverlapEndsAt);

/// <summary>A service account whose secret was just verified: what its token carries.</summary>
public sealed record VerifiedServiceAccount(string ClientId, string Name, IReadOnlyList<string> Roles, IReadOnlyList<string> Facilities)
{
    internal static VerifiedServiceAccount From(ServiceAccount account) =>
        new(account.ClientId, account.Name, ServiceAccountLists.Split(account.Roles), ServiceAccountLists.Split(account.Facilities));
}

/// <summary>Roles and facilities are stored as comma lists.</summary>
internal static class ServiceAccountLists
{
    public static IReadOnlyList<string> Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string Join(IEnumerable<string> items) => string.Join(',', items);
}
