using BakeryOps.Domain.Input;
using BakeryOps.Infrastructure.Idempotency;
using BakeryOps.Portal.Jde;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace BakeryOps.Portal.Input;

/// <summary>
/// The one gate every caller's text passes before an endpoint sees it: query, route and form values, the headers used
/// as data, and every string of a JSON body are refused when they break <see cref="InputText"/> (a NUL, another control
/// character, broken Unicode). The answer names the field: ProblemDetails for the API, an AIS error for the JD
/// Edwards simulator, the status page for the portal's pages. Pages check their own forms, so that a refused value is
/// shown beside its field rather than as an error page.
/// </summary>
internal sealed class InputGate(RequestDelegate next, IProblemDetailsService problems, TimeProvider clock)
{
    /// <summary>Headers whose values an endpoint stores, looks up or compares.</summary>
    private static readonly string[] DataHeaders = [IdempotencyService.HeaderName, HeaderNames.IfMatch];

    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        var isPage = endpoint?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;
        var problem = InQuery(context.Request.Query) ?? InRoute(context.Request.RouteValues) ?? InHeaders(context.Request.Headers);
        // A form whose antiforgery token failed must not be read; its endpoint refuses the request itself.
        if (problem is null && !isPage && context.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: false })
        {
            problem = await InBodyAsync(context.Request, context.RequestAborted);
        }

        if (problem is null)
        {
            await next(context);
            return;
        }

        await RefuseAsync(context, endpoint, isPage, problem);
    }

    private static InputProblem? InQuery(IQueryCollection query)
    {
        foreach (var (name, values) in query)
        {
            if (InputText.Problem(name) is { } nameProblem)
            {
                return new InputProblem("query", "A parameter name: " + nameProblem);
            }

            if (InValues(name, values) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static InputProblem? InRoute(RouteValueDictionary values)
    {
        foreach (var (name, value) in values)
        {
            if (value is string text && InputText.Problem(text) is { } problem)
            {
                return new InputProblem(name, problem);
            }
        }

        return null;
    }

    private static InputProblem? InHeaders(IHeaderDictionary headers)
    {
        foreach (var header in DataHeaders)
        {
            if (headers.TryGetValue(header, out var values) && InValues(header, values) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static InputProblem? InValues(string name, StringValues values)
    {
        foreach (var value in values)
        {
            if (InputText.Problem(value) is { } problem)
            {
                return new InputProblem(name, problem);
            }
        }

        return null;
    }

    private static async Task<InputProblem?> InBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            IFormCollection form;
            if (UrlEncodedFormScanner.Handles(request))
            {
                // Kept so the field can be found if the form reader refuses the body; multipart bodies are not kept.
                request.EnableBuffering();
            }

            try
            {
                form = await request.ReadFormAsync(cancellationToken);
            }
            catch (InvalidDataException ex)
            {
                // The form reader refuses control characters without naming the field; find it for the caller.
                return await UrlEncodedFormScanner.ScanAsync(request, cancellationToken)
                    ?? new InputProblem("body", $"The form body cannot be read: {ex.Message}");
            }

            foreach (var (name, values) in form)
            {
                var problem = InputText.Problem(name) is { } nameProblem
                    ? new InputProblem("body", "A form field name: " + nameProblem)
                    : InValues(name, values);
                if (problem is not null)
                {
                    return problem;
                }
            }

            return null;
        }

        if (!IsJson(request.ContentType))
        {
            return null;
        }

        // Read once and handed on: the endpoint reads the same bytes. The endpoint's size limit applies to this read.
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        request.Body = new MemoryStream(buffer.GetBuffer(), 0, (int)buffer.Length, writable: false);
        return JsonBodyScanner.Scan(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    // application/json, application/merge-patch+json, application/problem+json ...
    private static bool IsJson(string? contentType)
    {
        var mediaType = contentType?.Split(';', 2)[0].Trim();
        return mediaType is not null
            && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    private async Task RefuseAsync(HttpContext context, Endpoint? endpoint, bool isPage, InputProblem problem)
    {
        if (endpoint?.Metadata.GetMetadata<AisErrorResponses>() is not null)
        {
            await AisResults.Error(StatusCodes.Status400BadRequest, $"Invalid input {problem.Field}: {problem.Message}", clock).ExecuteAsync(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        if (isPage)
        {
            // The status page explains it to a person.
            return;
        }

        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ValidationProblemDetails(new Dictionary<string, string[]> { [problem.Field] = [problem.Message] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "One or more fields are invalid.",
            },
        });
    }
}

public static class InputGateSetup
{
    /// <summary>After routing and authorization: the gate needs the endpoint, and reads no body for a refused caller.</summary>
    public static IApplicationBuilder UseInputGate(this IApplicationBuilder app) => app.UseMiddleware<InputGate>();
}
