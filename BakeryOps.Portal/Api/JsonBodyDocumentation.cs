using Microsoft.OpenApi;

namespace BakeryOps.Portal.Api;

public static class JsonBodyDocumentation
{
    /// <summary>
    /// Documents a JSON request body of type <typeparamref name="T"/> without <c>Accepts</c> metadata: that metadata
    /// takes part in routing, where a wrong content type would pick a page of the same path or answer 415 before the
    /// endpoint names the problem. The handler reads and checks the body itself.
    /// </summary>
    public static RouteHandlerBuilder DocumentsJsonBody<T>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), cancellationToken: cancellationToken);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
        });
}
