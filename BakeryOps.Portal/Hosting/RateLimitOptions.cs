namespace BakeryOps.Portal.Hosting;

/// <summary>
/// Request rate limits, section <c>RateLimits</c>. Each is a fixed window: at most <see cref="RateLimitRule.PermitLimit"/>
/// in every <see cref="RateLimitRule.Window"/>; one more gets 429 with <c>Retry-After</c>.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Sign-in attempts (<c>POST /token</c> and the login form) from one client address, whatever their outcome.</summary>
    public RateLimitRule SignInPerAddress { get; set; } = new() { PermitLimit = 30, Window = TimeSpan.FromMinutes(1) };

    /// <summary>
    /// Failed <c>POST /token</c> attempts (answered 401) for one submitted user name or client id, from any address.
    /// Successes do not count, so a script that signs in often is not slowed down.
    /// </summary>
    public RateLimitRule TokenFailuresPerUserName { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(15) };

    /// <summary>API requests of one signed-in principal (a user, or a service account by client id).</summary>
    public RateLimitRule ApiPerPrincipal { get; set; } = new() { PermitLimit = 600, Window = TimeSpan.FromMinutes(1) };

    public IEnumerable<string> Validate() =>
        SignInPerAddress.Validate($"{SectionName}:{nameof(SignInPerAddress)}")
            .Concat(TokenFailuresPerUserName.Validate($"{SectionName}:{nameof(TokenFailuresPerUserName)}"))
            .Concat(ApiPerPrincipal.Validate($"{SectionName}:{nameof(ApiPerPrincipal)}"));
}

/// <summary>At most <see cref="PermitLimit"/> in each <see cref="Window"/>.</summary>
public sealed class RateLimitRule
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; }

    public IEnumerable<string> Validate(string key)
    {
        if (PermitLimit is < 1 or > 1_000_000)
        {
            yield return $"{key}:PermitLimit must be from 1 to 1000000.";
        }

        if (Window < TimeSpan.FromSeconds(1) || Window > TimeSpan.FromDays(1))
        {
            yield return $"{key}:Window must be from 00:00:01 to 1.00:00:00.";
        }
    }
}
