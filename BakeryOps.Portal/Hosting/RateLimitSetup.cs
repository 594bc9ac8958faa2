using System.Globalization;
using System.Reflection;
using System.Security.Claims;
using System.Threading.RateLimiting;
using BakeryOps.Infrastructure.Configuration;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace BakeryOps.Portal.Hosting;

/// <summary>
/// ASP.NET Core rate limiting on the limits of the <c>RateLimits</c> section: sign-in attempts per client address,
/// failed <c>POST /token</c> attempts per submitted user name (<see cref="TokenFailureLimiter"/>) and API requests per
/// principal. A refused request gets 429 ProblemDetails with <c>Retry-After</c> in seconds; a browser's post of the
/// sign-in form is sent back to the sign-in page, which says how long to wait.
/// </summary>
/// <remarks>
/// The client address is the connection's, or the one a listed proxy forwarded (<see cref="ProxySetup"/>), which
/// runs first in the pipeline.
/// </remarks>
public static partial class RateLimitSetup
{
    /// <summary>The query parameter the sign-in page reads: how many seconds the client must wait.</summary>
    public const string LimitedQueryName = "limited";

    private const string SignInPagePath = "/login";

    public static IHostApplicationBuilder AddPortalRateLimits(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<RateLimitOptions>(RateLimitOptions.SectionName, o => o.Validate());
        services.AddSingleton<TokenFailureLimiter>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, configured) =>
        {
            var limits = configured.Value;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, limits));
            limiter.OnRejected = (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : (TimeSpan?)null;
                if (IsSignInPageForm(rejected.HttpContext.Request))
                {
                    SendBackToSignInPage(rejected.HttpContext, retryAfter);
                    return ValueTask.CompletedTask;
                }

                return new ValueTask(WriteTooManyRequestsAsync(rejected.HttpContext, retryAfter, "Too many requests; try again later."));
            };
        });
        return builder;
    }

    /// <summary>Runs the limits; after authentication, so that API requests are counted per principal.</summary>
    public static IApplicationBuilder UsePortalRateLimits(this IApplicationBuilder app) =>
        app.UseRateLimiter().UseMiddleware<TokenFailureLimitMiddleware>();

    /// <summary>429 ProblemDetails with <c>Retry-After</c> (whole seconds, rounded up) when known.</summary>
    public static async Task WriteTooManyRequestsAsync(HttpContext context, TimeSpan? retryAfter, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        if (retryAfter is { } after)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        var path = context.Request.Path.Value ?? "";
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        LogRejected(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimitSetup)), path, address);

        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        var written = await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests", Detail = detail },
        });
        if (!written)
        {
            // A caller that accepts no JSON at all.
            await context.Response.WriteAsync(detail, context.RequestAborted);
        }
    }

    /// <summary>The sign-in page's own form, posted by a browser: it gets the page back with the reason, not JSON.</summary>
    private static bool IsSignInPageForm(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && request.Path.Equals(SignInPagePath, StringComparison.OrdinalIgnoreCase)
        && request.Headers.Accept.Any(a => a is not null && a.Contains("text/html", StringComparison.OrdinalIgnoreCase));

    /// <summary>303 to the sign-in page, which says how long to wait (<c>limited</c>, whole seconds), keeping the return URL.</summary>
    private static void SendBackToSignInPage(HttpContext context, TimeSpan? retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling((retryAfter ?? TimeSpan.FromMinutes(1)).TotalSeconds));
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        LogRejected(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimitSetup)), SignInPagePath, address);
        var query = new Dictionary<string, string?> { [LimitedQueryName] = seconds.ToString(CultureInfo.InvariantCulture) };
        if (context.Request.Query["ReturnUrl"] is { Count: 1 } returnUrl)
        {
            query["ReturnUrl"] = returnUrl.ToString();
        }

        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.Location = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(SignInPagePath, query);
    }

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitOptions limits)
    {
        if (IsSignInAttempt(context.Request))
        {
            var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            return FixedWindow($"sign-in|{address}", limits.SignInPerAddress);
        }

        if (context.User.Identity?.IsAuthenticated == true && IsApiEndpoint(context) && PrincipalKey(context.User) is { } principal)
        {
            return FixedWindow($"api|{principal}", limits.ApiPerPrincipal);
        }

        return RateLimitPartition.GetNoLimiter("");
    }

    private static bool IsSignInAttempt(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && (request.Path.Equals("/token", StringComparison.OrdinalIgnoreCase) || request.Path.Equals(SignInPagePath, StringComparison.OrdinalIgnoreCase));

    // Minimal API endpoints carry their handler's method; pages and static files do not. The Blazor hub's endpoints
    // are request delegates too, but a page's circuit is not the API.
    private static bool IsApiEndpoint(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>() is not null && !context.Request.Path.StartsWithSegments("/_blazor");

    // The same account through a cookie or a bearer token: the portal's tokens carry its id as "sub", cookies as
    // the name identifier. Service accounts and external tokens have their own subject.
    private static string? PrincipalKey(ClaimsPrincipal user) =>
        user.FindFirst("sub")?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? user.Identity?.Name;

    private static RateLimitPartition<string> FixedWindow(string key, RateLimitRule rule) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = rule.PermitLimit,
            Window = rule.Window,
            QueueLimit = 0,
        });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limit reached: {Path} from {ClientAddress} answered 429")]
    private static partial void LogRejected(ILogger logger, string path, string clientAddress);
}
