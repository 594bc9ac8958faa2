using System.Diagnostics;
using BakeryOps.Portal.Identity;
using Microsoft.AspNetCore.Diagnostics;

namespace BakeryOps.Portal.Errors;

public static class ProblemDetailsSetup
{
    /// <summary>Every error leaves as RFC 7807 ProblemDetails with a trace id; exception details only in Development.</summary>
    public static IHostApplicationBuilder AddPortalProblemDetails(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
            ctx.ProblemDetails.Extensions.TryAdd("traceId", Activity.Current?.Id ?? ctx.HttpContext.TraceIdentifier);
        });
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        return builder;
    }

    /// <summary>
    /// Browsers asking for HTML get the not-found page; API callers get ProblemDetails for empty error responses.
    /// Decided by the Accept header because this runs before routing has chosen an endpoint.
    /// </summary>
    public static WebApplication UsePortalErrorHandling(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            app.UseDeveloperExceptionPage();
        }
        else
        {
            app.UseWhen(AuthenticationSetup.AcceptsHtml, page => page.UseExceptionHandler("/error", createScopeForErrors: true));
            app.UseWhen(ctx => !AuthenticationSetup.AcceptsHtml(ctx), api => api.UseExceptionHandler());
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
