using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BakeryOps.Portal.Api;

public static class OpenApiSetup
{
    public const string DocumentPath = "/openapi/v1.json";

    public static IHostApplicationBuilder AddPortalOpenApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer<BearerSecurityTransformer>());
        return builder;
    }

    /// <summary>
    /// The OpenAPI document and the interactive API page at <c>/docs</c>. Both need a signed-in user: the page is
    /// static middleware, so it is guarded here rather than by endpoint authorization.
    /// </summary>
    public static WebApplication MapPortalApiDocs(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseWhen(ctx => ctx.Request.Path.StartsWithSegments("/docs"), docs =>
        {
            docs.Use(async (ctx, next) =>
            {
                if (ctx.User.Identity?.IsAuthenticated != true)
                {
                    await ctx.ChallengeAsync();
                    return;
                }

                await next(ctx);
            });
            docs.UseSwaggerUI(o =>
            {
                o.RoutePrefix = "docs";
                o.DocumentTitle = "BakeryOps API";
                o.SwaggerEndpoint(DocumentPath, "BakeryOps API v1");
                o.EnablePersistAuthorization();
                o.DisplayRequestDuration();
            });
        });
        return app;
    }

    private sealed class BearerSecurityTransformer : IOpenApiDocumentTransformer
    {
        public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
        {
            document.Info.Title = "BakeryOps API";
            document.Info.Description = "Get a token with POST /token (form or JSON), then send it as 'Authorization: Bearer <token>'.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A token from POST /token.",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] });
            return Task.CompletedTask;
        }
    }
}
