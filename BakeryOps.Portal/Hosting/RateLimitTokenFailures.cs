using System.Text.Json;
using BakeryOps.Domain.Audit;
using BakeryOps.Infrastructure.Audit;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace BakeryOps.Portal.Hosting;

/// <summary>
/// Counts failed <c>POST /token</c> attempts per submitted user name (or client id), across all addresses: once
/// <see cref="RateLimitOptions.TokenFailuresPerUserName"/> is used up, that name gets 429 until its window ends,
/// even with the right password. Other names are not affected.
/// </summary>
public sealed class TokenFailureLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures;
    private readonly TimeSpan _window;
    private readonly int _permitLimit;

    public TokenFailureLimiter(IOptions<RateLimitOptions> options)
    {
        var rule = options.Value.TokenFailuresPerUserName;
        _window = rule.Window;
        _permitLimit = rule.PermitLimit;
        _failures = PartitionedRateLimiter.Create<string, string>(name => RateLimitPartition.GetFixedWindowLimiter(name,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = rule.PermitLimit, Window = rule.Window, QueueLimit = 0 }));
    }

    /// <summary>Null while <paramref name="name"/> may still try; otherwise how long until it may (at most one window).</summary>
    public TimeSpan? RetryAfter(string name)
    {
        // Zero permits asks without taking one.
        using var lease = _failures.AttemptAcquire(name, 0);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : _window;
    }

    /// <summary>Counts a failure; true when it was the one that used up the name's allowance.</summary>
    public bool RecordFailure(string name)
    {
        using var lease = _failures.AttemptAcquire(name, 1);
        return lease.IsAcquired && RetryAfter(name) is not null;
    }

    public int PermitLimit => _permitLimit;

    public TimeSpan Window => _window;

    public void Dispose() => _failures.Dispose();
}

/// <summary>
/// Reads the name a <c>POST /token</c> submits (<c>username</c>, or <c>client_id</c> for client credentials; form or
/// JSON), refuses it with 429 while <see cref="TokenFailureLimiter"/> blocks it, and counts the attempt when the
/// endpoint answers 401. The body is buffered and rewound, so the endpoint reads it as sent.
/// </summary>
internal sealed class TokenFailureLimitMiddleware(RequestDelegate next, TokenFailureLimiter limiter, AuditLog audit)
{
    private const int MaxNameLength = 256;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) || !request.Path.Equals("/token", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        var submitted = await SubmittedNameAsync(request, context.RequestAborted);
        if (submitted is { } blockedName && limiter.RetryAfter(blockedName.Key) is { } retryAfter)
        {
            await RateLimitSetup.WriteTooManyRequestsAsync(context, retryAfter,
                "Too many failed sign-ins for this user name; try again later.");
            return;
        }

        await next(context);
        if (submitted is { } name && context.Response.StatusCode == StatusCodes.Status401Unauthorized && limiter.RecordFailure(name.Key))
        {
            // Once per name and window, when the limit is reached, not on every refusal: an attack must not fill the log.
            await audit.RecordAsync(new AuditEntry(
                AuditCategories.Security,
                "token-attempts-limited",
                AuditOutcomes.Denied,
                AuditActor.Anonymous(name.Submitted, context.Connection.RemoteIpAddress?.ToString()),
                Target: name.Submitted,
                Detail: $"{limiter.PermitLimit} failed sign-ins within {limiter.Window}: POST /token refuses this name with 429 until the window ends.",
                Method: name.Grant), CancellationToken.None);
        }
    }

    // Key "user|NAME" or "client|ID", case-insensitive like Identity's user names; null when the body names nobody
    // (the endpoint then answers 400 itself).
    private static async Task<SubmittedName?> SubmittedNameAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        try
        {
            string? userName = null, clientId = null;
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(cancellationToken);
                userName = form["username"].ToString();
                clientId = form["client_id"].ToString();
            }
            else if (request.HasJsonContentType())
            {
                using var json = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
                if (json.RootElement.ValueKind == JsonValueKind.Object)
                {
                    userName = Text(json.RootElement, "username");
                    clientId = Text(json.RootElement, "client_id");
                }
            }

            return !string.IsNullOrWhiteSpace(userName) ? new SubmittedName(Key("user", userName), userName, "password")
                : !string.IsNullOrWhiteSpace(clientId) ? new SubmittedName(Key("client", clientId), clientId, "client_credentials")
                : null;
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or BadHttpRequestException)
        {
            // A malformed body: the endpoint answers it.
            return null;
        }
        finally
        {
            request.Body.Position = 0;
        }
    }

    private static string? Text(JsonElement root, string property)
    {
        if (!root.TryGetProperty(property, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate or invalid UTF-8: no name can be signed in with it, and the endpoint answers 400.
            return null;
        }
    }

    private static string Key(string kind, string name)
    {
        var normalised = name.Trim().ToUpperInvariant();
        return $"{kind}|{(normalised.Length > MaxNameLength ? normalised[..MaxNameLength] : normalised)}";
    }

    private sealed record SubmittedName(string Key, string Submitted, string Grant);
}
