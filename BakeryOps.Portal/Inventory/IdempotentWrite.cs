using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using BakeryOps.Infrastructure.Idempotency;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Portal.Api;

namespace BakeryOps.Portal.Inventory;

/// <summary>Runs a JSON write through <see cref="IdempotencyService"/> and answers with the stored (or replayed) response.</summary>
internal static class IdempotentWrite
{
    public static async Task<IResult> RunAsync(
        HttpContext context, IdempotencyService idempotency, Func<BakeryOpsDbContext, JsonNode, Task<StoredResponse>> write,
        CancellationToken cancellationToken)
    {
        var request = context.Request;
        var bytes = await JsonBody.ReadBytesAsync(request, cancellationToken);
        var body = JsonBody.Parse(bytes);
        var key = request.Headers.TryGetValue(IdempotencyService.HeaderName, out var values) ? values.ToString() : null;
        var scope = context.User.FindFirstValue("sub") ?? context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? context.User.Identity?.Name ?? "";
        var hash = IdempotencyService.HashRequest(request.Method, request.Path.Value ?? "", bytes);

        var response = await idempotency.ExecuteAsync(key, scope, hash, db => write(db, body), cancellationToken);
        if (response.Replayed)
        {
            context.Response.Headers["Idempotent-Replayed"] = "true";
        }

        if (response.Location is not null)
        {
            context.Response.Headers.Location = response.Location;
        }

        return Results.Text(response.Body, "application/json", statusCode: response.StatusCode);
    }

    public static StoredResponse Json<T>(int status, T value, string? location = null) =>
        new(status, JsonSerializer.Serialize(value, JsonBody.Options), location);
}
