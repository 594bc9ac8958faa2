namespace BakeryOps.Infrastructure.Jde.Simulator;

/// <summary>The ways the simulator can misbehave, each one seen from real AIS servers or the proxies in front of them.</summary>
public enum JdeFaultKind
{
    /// <summary>HTTP 500 with an AIS ServiceErrorResponse body.</summary>
    Error500Json,

    /// <summary>HTTP 500 with a WebLogic-style HTML page.</summary>
    Error500Html,

    /// <summary>HTTP 503 with a load balancer's HTML page.</summary>
    Unavailable503,

    /// <summary>HTTP 444: the token is invalid or expired.</summary>
    InvalidToken444,

    /// <summary>No answer until the client gives up.</summary>
    Hang,

    /// <summary>The connection is dropped without a response.</summary>
    ConnectionReset,

    /// <summary>Reads stop at a few rows and say <c>moreRecords: true</c>.</summary>
    Truncate,

    /// <summary>A post takes effect, then the response fails: the outcome is unknown to the caller.</summary>
    AcceptThenFail,
}

/// <summary>A fault armed for the next <see cref="Remaining"/> calls, optionally only for one orchestration.</summary>
public sealed record JdeFault(JdeFaultKind Kind, int Remaining, string? Orchestration = null);

/// <summary>
/// Fault injection, switchable at run time by tests and the Admin page: a fixed latency for every call, and faults
/// armed for the next N calls. Thread-safe: concurrent calls each consume one armed fault.
/// </summary>
public sealed class JdeSimulatorFaults
{
    private readonly Lock _gate = new();
    private readonly List<JdeFault> _armed = [];
    private TimeSpan _latency;

    public TimeSpan Latency
    {
        get { lock (_gate) { return _latency; } }
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, TimeSpan.FromMinutes(5));
            lock (_gate)
            {
                _latency = value;
            }
        }
    }

    public IReadOnlyList<JdeFault> Armed
    {
        get { lock (_gate) { return [.. _armed]; } }
    }

    /// <summary>Arms <paramref name="kind"/> for the next <paramref name="calls"/> calls (of one orchestration, or any).</summary>
    public void Arm(JdeFaultKind kind, int calls = 1, string? orchestration = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(calls, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(calls, 1000);
        lock (_gate)
        {
            _armed.Add(new JdeFault(kind, calls, orchestration));
        }
    }

    /// <summary>Takes the first armed fault that applies to this call, or null when the call should behave.</summary>
    public JdeFaultKind? Take(string? orchestration)
    {
        lock (_gate)
        {
            var index = _armed.FindIndex(f => f.Orchestration is null
                || string.Equals(f.Orchestration, orchestration, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                return null;
            }

            var fault = _armed[index];
            if (fault.Remaining == 1)
            {
                _armed.RemoveAt(index);
            }
            else
            {
                _armed[index] = fault with { Remaining = fault.Remaining - 1 };
            }

            return fault.Kind;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _armed.Clear();
            _latency = TimeSpan.Zero;
        }
    }
}
