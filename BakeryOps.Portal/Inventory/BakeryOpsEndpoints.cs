using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using BakeryOps.Infrastructure.Idempotency;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Portal.Api;
using BakeryOps.Portal.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace BakeryOps.Portal.Inventory;

/// <summary>The built-in Bakery Operations API under <c>/bakeryops/facilities/{facility_id}/</c>, with the seed's paths and field names.</summary>
public static class BakeryOpsEndpoints
{
    public static RouteGroupBuilder MapBakeryOpsEndpoints(this IEndpointRouteBuilder app)
    {
        var limits = app.ServiceProvider.GetRequiredService<IOptions<ApiOptions>>().Value;
        var facility = app.MapGroup("/bakeryops/facilities/{facility_id}")
            .RequireAuthorization(Policies.Read)
            .AddEndpointFilter<ServiceAccountFacilityFilter>()
            .WithTags("Bakery Operations")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        facility.MapGet("/products", ListProducts).WithSummary("List products (paged; X-Total-Count header)");
        facility.MapGet("/products/{id}", GetProduct).WithSummary("One product with its batches");

        var writes = facility.MapGroup("")
            .RequireAuthorization(Policies.WriteInventory)
            .WithMetadata(new RequestSizeLimitAttribute(limits.MaxRequestBodyBytes))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        writes.MapPost("/products", CreateProduct).WithSummary("Create a product").Accepts<ProductInput>("application/json");
        writes.MapPut("/products/{id}", ReplaceProduct).WithSummary("Replace a product's fields (If-Match: version)").Accepts<ProductInput>("application/json");
        writes.MapPatch("/products/{id}", PatchProduct).WithSummary("Change some fields (JSON merge patch)").Accepts<ProductInput>("application/json", "application/merge-patch+json");
        writes.MapPost("/products/{id}/archive", (string facility_id, string id, InventoryService inventory, CancellationToken ct) =>
            SetArchived(facility_id, id, true, inventory, ct)).WithSummary("Archive a product");
        writes.MapPost("/products/{id}/restore", (string facility_id, string id, InventoryService inventory, CancellationToken ct) =>
            SetArchived(facility_id, id, false, inventory, ct)).WithSummary("Restore an archived product");
        writes.MapPost("/inventory-adjustments", RecordAdjustments)
            .WithSummary("Record one adjustment (object) or several, all or nothing (array)")
            .Accepts<AdjustmentInput>("application/json");
        facility.MapGet("/inventory-movements", ListMovements).WithSummary("List movements (paged; X-Total-Count header)");
        return facility;
    }

    public static async Task<JsonListResult<IReadOnlyList<ProductView>>> ListProducts(
        [FromRoute(Name = "facility_id")] string facilityId,
        InventoryService inventory,
        HttpResponse response,
        [FromQuery] string? archived,
        [FromQuery] string? productCategory,
        [FromQuery] string? q,
        [FromQuery] string? offset,
        [FromQuery] string? size,
        [FromQuery] string? sort,
        [FromQuery] bool? includeBatches,
        CancellationToken cancellationToken)
    {
        var (skip, take) = QueryParameters.Page(offset, size, ProductQuery.DefaultSize, ProductQuery.MaxSize);
        var page = await inventory.ListProductsAsync(facilityId, new ProductQuery(
            ParseArchived(archived), productCategory, q, skip, take, sort, includeBatches ?? false), cancellationToken);
        response.Headers["X-Total-Count"] = page.TotalCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new(page.Items, BakeryOpsJsonContext.Default.IReadOnlyListProductView);
    }

    public static async Task<Ok<ProductView>> GetProduct(
        [FromRoute(Name = "facility_id")] string facilityId, string id, InventoryService inventory, HttpResponse response, CancellationToken cancellationToken)
    {
        var product = await inventory.GetProductAsync(facilityId, id, cancellationToken);
        response.Headers.ETag = $"\"{product.Version}\"";
        return TypedResults.Ok(product);
    }

    public static Task<IResult> CreateProduct(
        [FromRoute(Name = "facility_id")] string facilityId, HttpContext context, InventoryService inventory, IdempotencyService idempotency,
        CancellationToken cancellationToken) =>
        IdempotentWrite.RunAsync(context, idempotency, async (db, body) =>
        {
            var input = JsonBody.Deserialize<ProductInput>(ObjectBody(body));
            var product = await inventory.CreateProductAsync(db, facilityId, input, cancellationToken);
            return IdempotentWrite.Json(StatusCodes.Status201Created, product, $"/bakeryops/facilities/{facilityId}/products/{product.Id}");
        }, cancellationToken);

    public static Task<IResult> ReplaceProduct(
        [FromRoute(Name = "facility_id")] string facilityId, string id, HttpContext context, InventoryService inventory,
        IdempotencyService idempotency, CancellationToken cancellationToken) =>
        IdempotentWrite.RunAsync(context, idempotency, async (db, body) =>
        {
            var input = JsonBody.Deserialize<ProductInput>(ObjectBody(body));
            var product = await inventory.UpdateProductAsync(db, facilityId, id, input, IfMatch(context.Request), cancellationToken);
            return IdempotentWrite.Json(StatusCodes.Status200OK, product);
        }, cancellationToken);

    /// <summary>RFC 7396 merge patch: the body's members replace the product's, null clears, absent keeps.</summary>
    public static Task<IResult> PatchProduct(
        [FromRoute(Name = "facility_id")] string facilityId, string id, HttpContext context, InventoryService inventory,
        IdempotencyService idempotency, CancellationToken cancellationToken) =>
        IdempotentWrite.RunAsync(context, idempotency, async (db, body) =>
        {
            var patch = ObjectBody(body);
            var current = await inventory.GetProductAsync(facilityId, id, cancellationToken);
            var merged = JsonSerializer.SerializeToNode(current.ToInput(), JsonBody.Options)!.AsObject();
            MergePatch(merged, patch);
            var expected = IfMatch(context.Request) ?? (patch["version"] is JsonValue v && v.TryGetValue(out int version) ? version : current.Version);
            var product = await inventory.UpdateProductAsync(db, facilityId, id, JsonBody.Deserialize<ProductInput>(merged), expected, cancellationToken);
            return IdempotentWrite.Json(StatusCodes.Status200OK, product);
        }, cancellationToken);

    public static async Task<Ok<ProductView>> SetArchived(string facilityId, string id, bool archived, InventoryService inventory, CancellationToken cancellationToken) =>
        TypedResults.Ok(await inventory.SetArchivedAsync(facilityId, id, archived, cancellationToken));

    public static async Task<IResult> RecordAdjustments(
        [FromRoute(Name = "facility_id")] string facilityId, HttpContext context, ClaimsPrincipal user, InventoryService inventory,
        IdempotencyService idempotency, CancellationToken cancellationToken)
    {
        var result = await IdempotentWrite.RunAsync(context, idempotency, async (db, body) =>
        {
            var isArray = body is JsonArray;
            IReadOnlyList<AdjustmentInput> inputs = body switch
            {
                JsonArray array => array.Select((item, i) => item is JsonObject
                    ? JsonBody.Deserialize<AdjustmentInput>(item, $"[{i}].")
                    : throw JsonBody.Invalid($"[{i}]", "Each adjustment must be a JSON object.")).ToList(),
                JsonObject single => [JsonBody.Deserialize<AdjustmentInput>(single)],
                _ => throw JsonBody.Invalid("body", "Send one adjustment object or an array of them."),
            };
            var movements = await inventory.RecordAdjustmentsAsync(db, facilityId, inputs, isArray, user.Identity?.Name ?? "unknown", cancellationToken);
            return isArray
                ? IdempotentWrite.Json(StatusCodes.Status201Created, movements)
                : IdempotentWrite.Json(StatusCodes.Status201Created, movements[0]);
        }, cancellationToken);
        // Committed by now (or refused): the open pages read the facility's stock again.
        inventory.StockChanged(facilityId);
        return result;
    }

    public static async Task<JsonListResult<IReadOnlyList<MovementView>>> ListMovements(
        [FromRoute(Name = "facility_id")] string facilityId,
        InventoryService inventory,
        HttpResponse response,
        [FromQuery] string? movementTypes,
        [FromQuery] string? startDate,
        [FromQuery] string? endDate,
        [FromQuery] string? productId,
        [FromQuery] bool? includeProductDetails,
        [FromQuery] string? sort,
        [FromQuery] string? offset,
        [FromQuery] string? size,
        CancellationToken cancellationToken)
    {
        var descending = sort switch
        {
            null or "" or "movementDate:1" => false,
            "movementDate:-1" => true,
            _ => throw JsonBody.Invalid("sort", $"'{sort}' is not a sort; use movementDate:1 or movementDate:-1."),
        };
        var types = movementTypes?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var (skip, take) = QueryParameters.Page(offset, size, ProductQuery.DefaultSize, ProductQuery.MaxSize);
        var page = await inventory.ListMovementsAsync(facilityId, new MovementQuery(
            types, QueryParameters.Instant(startDate, "startDate", endOfDay: false), QueryParameters.Instant(endDate, "endDate", endOfDay: true),
            productId, includeProductDetails ?? false, descending, skip, take), cancellationToken);
        response.Headers["X-Total-Count"] = page.TotalCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new(page.Items, BakeryOpsJsonContext.Default.IReadOnlyListMovementView);
    }

    // Seed default: active products only. "all" (or an empty value) lists both.
    private static bool? ParseArchived(string? archived) => archived?.Trim().ToLowerInvariant() switch
    {
        null => false,
        "" or "all" => null,
        "true" => true,
        "false" => false,
        _ => throw JsonBody.Invalid("archived", "archived must be true, false or all."),
    };

    private static JsonObject ObjectBody(JsonNode body) =>
        body as JsonObject ?? throw JsonBody.Invalid("body", "Send a JSON object.");

    private static int? IfMatch(HttpRequest request)
    {
        var value = request.Headers.IfMatch.ToString().Trim().Trim('"');
        if (value.Length == 0)
        {
            return null;
        }

        return int.TryParse(value, out var version) ? version : throw JsonBody.Invalid("If-Match", "If-Match must be the product's version, such as \"3\".");
    }

    private static void MergePatch(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch)
        {
            if (name == "version")
            {
                continue;
            }

            if (value is JsonObject child && target[name] is JsonObject existing)
            {
                MergePatch(existing, child);
            }
            else
            {
                target[name] = value?.DeepClone();
            }
        }
    }
}
