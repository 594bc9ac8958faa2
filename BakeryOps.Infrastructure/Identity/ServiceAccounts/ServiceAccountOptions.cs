namespace BakeryOps.Infrastructure.Identity.ServiceAccounts;

/// <summary>Service accounts (client credentials for other systems), section <c>ServiceAccounts</c>.</summary>
public sealed class ServiceAccountOptions
{
    public const string SectionName = "ServiceAccounts";

    /// <summary>
    /// How long a secret replaced by a rotation keeps working (default 24 hours, at most 30 days), so the calling system
    /// can switch to the new one without an outage. Zero ends the old secret at once.
    /// </summary>
    public TimeSpan SecretOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long an API node trusts its last look-up that a service account exists (default 30 seconds, at most 10
    /// minutes): the longest a deleted account's token keeps working on another node. Zero looks it up on every call.
    /// </summary>
    public TimeSpan TokenCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<string> Validate()
    {
        if (SecretOverlap < TimeSpan.Zero || SecretOverlap > TimeSpan.FromDays(30))
        {
            yield return $"{SectionName}:{nameof(SecretOverlap)} must be from 00:00:00 to 30.00:00:00.";
        }

        if (TokenCheckInterval < TimeSpan.Zero || TokenCheckInterval > TimeSpan.FromMinutes(10))
        {
            yield return $"{SectionName}:{nameof(TokenCheckInterval)} must be from 00:00:00 to 00:10:00.";
        }
    }
}
