using System.Text.Json;
using BakeryOps.Infrastructure.Configuration;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BakeryOps.Portal.Health;

public static class HealthEndpoints
{
    /// <summary>
    /// <c>/health</c> runs every check (503 when one is unhealthy), <c>/health/ready</c> the checks a load
    /// balancer waits for, <c>/health/live</c> none: it answers while the process serves requests. All anonymous.
    /// </summary>
    public static IEndpointRouteBuilder MapPortalHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health", Options(_ => true)).AllowAnonymous();
        app.MapHealthChecks("/health/ready", Options(c => c.Tags.Contains(HealthTags.Ready))).AllowAnonymous();
        app.MapHealthChecks("/health/live", Options(_ => false)).AllowAnonymous();
        return app;
    }

    private static HealthCheckOptions Options(Func<HealthCheckRegistration, bool> predicate) => new()
    {
        Predicate = predicate,
        ResponseWriter = WriteAsync,
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status200OK,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return JsonSerializer.SerializeAsync(context.Response.Body, HealthSummary.From(report), HealthSummary.JsonOptions, context.RequestAborted);
    }
}
