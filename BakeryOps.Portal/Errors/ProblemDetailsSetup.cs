using System.Diagnostics;
using BakeryOps.Portal.Identity;
using Microsoft.AspNetCore.Diagnostics;

namespace BakeryOps.Portal.Errors;

public static class ProblemDetailsSetup
{
    /// <summary>Every error leaves as RFC 7807 ProblemDetails with a trace id; exception details only in Development.</summary>
    public static IHostApplicationBuilder AddPortalProblemDetails(this IHostApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
            ctx.ProblemDetails.Extensions.TryAdd("traceId", Activity.Current?.Id ?? ctx.HttpContext.TraceIdentifier);
            if (development && ctx.Exception is not null && ctx.ProblemDetails.Status == StatusCodes.Status500InternalServerError)
            {
                ctx.ProblemDetails.Detail = ctx.Exception.ToString();
            }
        });
        builder.Services.AddExceptionHandler<DomainExceptionHandler>();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        return builder;
    }

    /// <summary>
    /// Browsers asking for HTML get the not-found page; API callers get ProblemDetails for empty error responses.
    /// Decided by the Accept header because this runs before routing has chosen an endpoint.
    /// </summary>
    public static WebApplication UsePortalErrorHandling(this WebApplication app)
    {
        // The exception handler runs in every environment so expected failures (404, 409, ...) look the same in
        // Development; there, unexpected ones also carry the exception text.
        app.UseWhen(AuthenticationSetup.AcceptsHtml, page => page.UseExceptionHandler("/error", createScopeForErrors: true));
        app.UseWhen(ctx => !AuthenticationSetup.AcceptsHtml(ctx), api => api.UseExceptionHandler());
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseWhen(AuthenticationSetup.AcceptsHtml,
            page => page.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseWhen(ctx => !AuthenticationSetup.AcceptsHtml(ctx), api => api.UseStatusCodePages());
        return app;
    }
}

/// <summary>Malformed request bodies and oversized requests become 400/413 ProblemDetails rather than 500.</summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Bad request",
                Detail = bad.Message,
            },
        });
    }
}
