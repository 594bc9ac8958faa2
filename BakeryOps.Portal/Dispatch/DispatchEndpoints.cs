using System.Security.Claims;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Dispatch;
using BakeryOps.Portal.Api;
using BakeryOps.Portal.Audit;
using BakeryOps.Portal.Data;
using BakeryOps.Portal.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace BakeryOps.Portal.Dispatch;

/// <summary>
/// Postings to JD Edwards on the seed's paths, for reviewers (the <c>plan</c> policy: Planner and Admin): the pending
/// actions, their payloads, approval, rejection and dispatch. Keys come in, never payloads: nothing a caller sends is
/// forwarded to JD Edwards; the payload is always built from the movement (with a reviewer's recorded edits).
/// </summary>
public static class DispatchEndpoints
{
    public static IEndpointRouteBuilder MapDispatchEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/data/bakery_ops_to_jde_actions", ActionsAsync)
            .LimitsServiceAccountsByFacilityQuery()
            .RequireAuthorization(Policies.Plan)
            .WithTags("Data")
            .WithSummary("Bakery movements as postings to JD Edwards, newest first, with their state (paged; X-Total-Count; format=csv)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        var group = app.MapGroup("/bakery_ops_to_jde")
            .RequireAuthorization(Policies.Plan)
            .WithTags("Dispatch")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/prepare_payload", PrepareAsync)
            .Accepts<KeysInput>("application/json")
            .WithSummary("The JDE_INVENTORY_ADJUSTMENTS payloads of the given action keys (a JSON array of keys, or {\"keys\": [...]}), with what keeps each from being sent");
        group.MapPost("/dispatch", DispatchAsync)
            .Accepts<KeysInput>("application/json")
            .WithSummary("Approves the given keys within the caller's limits and posts them; a key already in JD Edwards is reported, not posted again");
        group.MapPost("/approve", ApproveAsync)
            .Accepts<KeysInput>("application/json")
            .WithSummary("Approves the given keys (a second, different approver above Dispatch:SecondApproval)");
        group.MapPost("/reject", RejectAsync)
            .Accepts<RejectInput>("application/json")
            .WithSummary("Rejects the given keys with a reason: {\"keys\": [...], \"reason\": \"...\"}");
        group.MapPost("/retry", RetryAsync)
            .Accepts<KeysInput>("application/json")
            .WithSummary("Approves failed postings again, to be sent by the next dispatch or relay pass");
        group.MapPatch("/actions/{key}", EditAsync)
            .Accepts<EditInput>("application/json")
            .WithSummary("A reviewer's change of an action's quantity (in JD Edwards' unit) and lot: {\"quantity\": 9.5, \"lot\": \"L1\"}")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<DataPage<DispatchActionView>> ActionsAsync(
        DispatchService dispatch,
        IOptions<SiteOptions> site,
        [FromQuery] string? facility,
        [FromQuery] string? state,
        [FromQuery] string? q,
        [AsParameters] DataPageQuery page,
        CancellationToken cancellationToken)
    {
        var id = site.Value.FacilityOrDefault(facility);
        return await DataResults.PageAsync(page, $"bakery_ops_to_jde_actions-{id}",
            (p, ct) => dispatch.ListAsync(new DispatchQuery(id, state, q), p, ct), cancellationToken);
    }

    public static async Task<Ok<PreparedBatches>> PrepareAsync(HttpRequest request, DispatchService dispatch, CancellationToken cancellationToken)
    {
        var (keys, _) = await ReadKeysAsync(request, cancellationToken);
        await EnsureFacilitiesAllowedAsync(request.HttpContext, dispatch, keys, cancellationToken);
        return TypedResults.Ok(new PreparedBatches(await dispatch.PrepareAsync(keys, cancellationToken)));
    }

    public static async Task<Ok<DispatchSummary>> DispatchAsync(HttpRequest request, DispatchService dispatch, CancellationToken cancellationToken)
    {
        var (keys, _) = await ReadKeysAsync(request, cancellationToken);
        await EnsureFacilitiesAllowedAsync(request.HttpContext, dispatch, keys, cancellationToken);
        return TypedResults.Ok(await dispatch.DispatchAsync(keys, AuditActors.From(request.HttpContext), null, cancellationToken));
    }

    public static async Task<Ok<IReadOnlyList<DispatchResult>>> ApproveAsync(
        HttpRequest request, DispatchService dispatch, CancellationToken cancellationToken)
    {
        var (keys, _) = await ReadKeysAsync(request, cancellationToken);
        await EnsureFacilitiesAllowedAsync(request.HttpContext, dispatch, keys, cancellationToken);
        return TypedResults.Ok(await dispatch.ApproveAsync(keys, AuditActors.From(request.HttpContext), cancellationToken));
    }

    public static async Task<Ok<IReadOnlyList<DispatchResult>>> RejectAsync(
        HttpRequest request, DispatchService dispatch, CancellationToken cancellationToken)
    {
        var (keys, body) = await ReadKeysAsync(request, cancellationToken);
        await EnsureFacilitiesAllowedAsync(request.HttpContext, dispatch, keys, cancellationToken);
        var reason = body is JsonObject o && o["reason"] is JsonValue v && v.TryGetValue(out string? text) ? text : null;
        return TypedResults.Ok(await dispatch.RejectAsync(keys, reason ?? "", AuditActors.From(request.HttpContext), cancellationToken));
    }

    public static async Task<Ok<IReadOnlyList<DispatchResult>>> RetryAsync(
        HttpRequest request, DispatchService dispatch, CancellationToken cancellationToken)
    {
        var (keys, _) = await ReadKeysAsync(request, cancellationToken);
        await EnsureFacilitiesAllowedAsync(request.HttpContext, dispatch, keys, cancellationToken);
        return TypedResults.Ok(await dispatch.RetryAsync(keys, AuditActors.From(request.HttpContext), cancellationToken));
    }

    public static async Task<Ok<DispatchActionView>> EditAsync(
        string key, HttpRequest request, ClaimsPrincipal user, DispatchService dispatch, CancellationToken cancellationToken)
    {
        var body = JsonBody.Parse(await JsonBody.ReadBytesAsync(request, cancellationToken));
        if (body is not JsonObject)
        {
            throw JsonBody.Invalid("body", "Send {\"quantity\": number, \"lot\": \"...\"}.");
        }

        await EnsureFacilitiesAllowedAsync(request.HttpContext, dispatch, [key], cancellationToken);
        var edit = JsonBody.Deserialize<EditInput>(body);
        if (edit.Quantity is not { } quantity)
        {
            throw JsonBody.Invalid("quantity", "The quantity to post, in JD Edwards' unit, is required.");
        }

        return TypedResults.Ok(await dispatch.EditAsync(key, new DispatchEdit(quantity, edit.Lot), UserOf(user), cancellationToken));
    }

    /// <summary>A service account limited to some facilities may act only on their postings (403 naming the other).</summary>
    private static async Task EnsureFacilitiesAllowedAsync(HttpContext context, DispatchService dispatch, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        if (context.User.FindFirst(ClaimNames.ClientId) is null)
        {
            return;
        }

        foreach (var facility in await dispatch.FacilitiesOfAsync(keys, cancellationToken))
        {
            ServiceAccountFacilityFilter.EnsureAllowed(context.User, facility);
        }
    }

    /// <summary>A JSON array of keys, or an object with <c>keys</c> (and, for a rejection, <c>reason</c>).</summary>
    private static async Task<(IReadOnlyList<string> Keys, JsonNode Body)> ReadKeysAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = JsonBody.Parse(await JsonBody.ReadBytesAsync(request, cancellationToken));
        var array = body switch
        {
            JsonArray a => a,
            JsonObject o when o["keys"] is JsonArray a => a,
            _ => throw JsonBody.Invalid("keys", "Send a JSON array of action keys, or {\"keys\": [...]}."),
        };
        var keys = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            keys.Add(array[i] is JsonValue value && value.TryGetValue(out string? key) && !string.IsNullOrWhiteSpace(key)
                ? key
                : throw JsonBody.Invalid($"keys[{i}]", "Each key is a string."));
        }

        return (keys, body);
    }

    private static string UserOf(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    /// <summary>The seed's prepare answer.</summary>
    public sealed record PreparedBatches([property: JsonPropertyName("prepared_batches")] IReadOnlyList<PreparedDispatch> Batches);

    /// <summary>The keys of a call (a bare JSON array of them is taken too).</summary>
    public sealed record KeysInput([property: JsonPropertyName("keys")] IReadOnlyList<string> Keys);

    public sealed record RejectInput(
        [property: JsonPropertyName("keys")] IReadOnlyList<string> Keys, [property: JsonPropertyName("reason")] string Reason);

    public sealed record EditInput([property: JsonPropertyName("quantity")] decimal? Quantity, [property: JsonPropertyName("lot")] string? Lot);
}
