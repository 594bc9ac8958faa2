namespace BakeryOps.Infrastructure.Jde;

/// <summary>
/// Retries, timeouts and the circuit breaker of the JD Edwards client, section <c>Jde:Resilience</c>
/// (docs/decisions/0012). Reads are retried; posts are sent once whatever these say.
/// </summary>
public sealed class JdeResilienceOptions
{
    /// <summary>Attempts for a read including the first (default 3).</summary>
    public int ReadAttempts { get; set; } = 3;

    /// <summary>The median delay before the first read retry; later ones grow exponentially, with jitter (default 500).</summary>
    public int RetryBaseDelayMilliseconds { get; set; } = 500;

    /// <summary>How long one read call (cardex, item master, login) may take (default 120, jde-ais.md §6.2).</summary>
    public int ReadTimeoutSeconds { get; set; } = 120;

    /// <summary>How long a read may take with all its attempts and delays (default 420).</summary>
    public int ReadTotalTimeoutSeconds { get; set; } = 420;

    /// <summary>How long an adjustment post may take before its outcome is unknown (default 60, jde-ais.md §6.2).</summary>
    public int PostTimeoutSeconds { get; set; } = 60;

    public JdeCircuitBreakerOptions CircuitBreaker { get; set; } = new();

    public IEnumerable<string> Validate()
    {
        const string prefix = "Jde:Resilience:";
        if (ReadAttempts is < 1 or > 10)
        {
            yield return $"{prefix}ReadAttempts must be between 1 and 10.";
        }

        if (RetryBaseDelayMilliseconds is < 0 or > 60_000)
        {
            yield return $"{prefix}RetryBaseDelayMilliseconds must be between 0 and 60000.";
        }

        if (ReadTimeoutSeconds is < 1 or > 3600)
        {
            yield return $"{prefix}ReadTimeoutSeconds must be between 1 and 3600.";
        }

        if (ReadTotalTimeoutSeconds < ReadTimeoutSeconds || ReadTotalTimeoutSeconds > 86_400)
        {
            yield return $"{prefix}ReadTotalTimeoutSeconds must be at least {prefix}ReadTimeoutSeconds ({ReadTimeoutSeconds}) and at most 86400.";
        }

        if (PostTimeoutSeconds is < 1 or > 3600)
        {
            yield return $"{prefix}PostTimeoutSeconds must be between 1 and 3600.";
        }

        foreach (var problem in CircuitBreaker.Validate())
        {
            yield return problem;
        }
    }
}

/// <summary>
/// When JD Edwards is failing repeatedly, section <c>Jde:Resilience:CircuitBreaker</c>: reads and posts are refused
/// without being sent for <see cref="BreakSeconds"/>, then one read probes whether it answers again.
/// </summary>
public sealed class JdeCircuitBreakerOptions
{
    /// <summary>The share of read attempts failing transiently within the sampling window that opens the circuit (default 0.5).</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Read attempts (retries count) needed in the sampling window before the ratio counts (default 8).</summary>
    public int MinimumThroughput { get; set; } = 8;

    /// <summary>The window the failure ratio is measured over (default 60).</summary>
    public int SamplingDurationSeconds { get; set; } = 60;

    /// <summary>How long calls are refused once the circuit opens (default 30).</summary>
    public int BreakSeconds { get; set; } = 30;

    public IEnumerable<string> Validate()
    {
        const string prefix = "Jde:Resilience:CircuitBreaker:";
        // Written so that NaN fails too.
        if (!(FailureRatio > 0 && FailureRatio <= 1))
        {
            yield return $"{prefix}FailureRatio must be above 0 and at most 1.";
        }

        if (MinimumThroughput is < 2 or > 1000)
        {
            yield return $"{prefix}MinimumThroughput must be between 2 and 1000.";
        }

        if (SamplingDurationSeconds is < 1 or > 3600)
        {
            yield return $"{prefix}SamplingDurationSeconds must be between 1 and 3600.";
        }

        if (BreakSeconds is < 1 or > 3600)
        {
            yield return $"{prefix}BreakSeconds must be between 1 and 3600.";
        }
    }
}
