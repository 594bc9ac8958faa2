namespace BakeryOps.Portal.Identity;

/// <summary>Claims that only service-account tokens carry, beside <see cref="ClaimNames.ClientId"/>.</summary>
public static class ServiceAccountClaims
{
    /// <summary>One claim per facility the account may act for; none means every facility.</summary>
    public const string Facilities = "facilities";
}
