namespace BakeryOps.Infrastructure.Jde.Client;

/// <summary>
/// Every failed JD Edwards call ends as this one exception: what JDE said, its exception id for support, the HTTP
/// status (0 when there was no response), and whether the outcome of a post is unknown and must be read back
/// before anything is sent again.
/// </summary>
public sealed class JdeException(
    string message,
    int statusCode = 0,
    string? exceptionId = null,
    bool outcomeUnknown = false,
    bool transient = false,
    Exception? innerException = null)
    : Exception(message, innerException)
{
    public int StatusCode { get; } = statusCode;
    public string? ExceptionId { get; } = exceptionId;

    /// <summary>The request may have taken effect (timeout or connection lost after sending a post).</summary>
    public bool OutcomeUnknown { get; } = outcomeUnknown;

    /// <summary>Worth retrying for a read: network errors, timeouts, 502/503/504 and non-JSON 5xx.</summary>
    public bool Transient { get; } = transient;

    /// <summary>AIS answered 444: the token is invalid or expired.</summary>
    public bool InvalidToken => StatusCode == 444;
}
