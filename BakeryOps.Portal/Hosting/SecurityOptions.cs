namespace BakeryOps.Portal.Hosting;

/// <summary>Account lockout, cookie and HSTS settings, section <c>Security</c>.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>
    /// <c>Always</c> (default): every cookie the portal sets is <c>Secure</c>, so the portal must be reached over HTTPS
    /// (a TLS-terminating proxy listed in <c>Proxy:KnownProxies</c> or <c>Proxy:KnownNetworks</c> counts). <c>SameAsRequest</c>:
    /// <c>Secure</c> only on HTTPS requests, for plain-HTTP development.
    /// </summary>
    public CookieSecurity CookieSecurePolicy { get; set; } = CookieSecurity.Always;

    /// <summary>The <c>max-age</c> of <c>Strict-Transport-Security</c>, sent on HTTPS responses outside Development.</summary>
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Adds <c>includeSubDomains</c> to <c>Strict-Transport-Security</c>.</summary>
    public bool HstsIncludeSubDomains { get; set; }

    /// <summary>Identity lockout of local accounts after failed passwords (sign-in page and <c>POST /token</c>).</summary>
    public LockoutSettings Lockout { get; set; } = new();

    public IEnumerable<string> Validate()
    {
        if (!Enum.IsDefined(CookieSecurePolicy))
        {
            yield return "Security:CookieSecurePolicy must be Always or SameAsRequest.";
        }

        if (HstsMaxAge < TimeSpan.Zero || HstsMaxAge > TimeSpan.FromDays(730))
        {
            yield return "Security:HstsMaxAge must be from 00:00:00 to 730.00:00:00.";
        }

        if (Lockout.MaxFailedAccessAttempts is < 1 or > 100)
        {
            yield return "Security:Lockout:MaxFailedAccessAttempts must be from 1 to 100.";
        }

        if (Lockout.Duration < TimeSpan.FromSeconds(1) || Lockout.Duration > TimeSpan.FromDays(30))
        {
            yield return "Security:Lockout:Duration must be from 00:00:01 to 30.00:00:00.";
        }
    }
}

public enum CookieSecurity
{
    Always = 1,
    SameAsRequest = 2,
}

/// <summary>Locked for <see cref="Duration"/> after <see cref="MaxFailedAccessAttempts"/> wrong passwords in a row.</summary>
public sealed class LockoutSettings
{
    public int MaxFailedAccessAttempts { get; set; } = 5;

    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(5);
}
