using System.Security.Claims;
using BakeryOps.Domain.Schemas;
using BakeryOps.Infrastructure.Schemas;
using BakeryOps.Portal.Api;
using BakeryOps.Portal.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using BakeryOps.Infrastructure.Audit;
using BakeryOps.Portal.Audit;

namespace BakeryOps.Portal.Schemas;

/// <summary>The schema registry: datasets, versions, a version's JSON and DDL, diffs, and the compatibility mode.</summary>
public static class SchemaEndpoints
{
    private const int MaxBodyBytes = 16 * 1024;

    /// <summary>/s3/schemas (the seed's path): read by any signed-in user, the compatibility mode set by Admins.</summary>
    public static IEndpointRouteBuilder MapSchemaEndpoints(this IEndpointRouteBuilder app)
    {
        var schemas = app.MapGroup("/s3/schemas")
            .RequireAuthorization(Policies.Read)
            .WithTags("Schemas")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        schemas.MapGet("", ListDatasets)
            .WithName("ListSchemaDatasets")
            .WithSummary("Datasets with their current schema version, compatibility mode and any action required");
        schemas.MapGet("/{dataset}", GetDataset)
            .WithName("ListSchemaVersions")
            .WithSummary("A dataset's settings and schema versions, oldest first");
        schemas.MapGet("/{dataset}/versions/{version:int}", GetVersion)
            .WithName("GetSchemaVersion")
            .WithSummary("A schema version's canonical JSON")
            .Produces(StatusCodes.Status200OK, typeof(string), "application/json");
        schemas.MapGet("/{dataset}/versions/{version:int}/ddl", GetDdl)
            .WithName("GetSchemaDdl")
            .WithSummary("PostgreSQL DDL: CREATE TABLE for the version, or ALTER TABLE ... ADD COLUMN from version ?from=N")
            .Produces(StatusCodes.Status200OK, typeof(string), "text/plain")
            .ProducesValidationProblem();
        schemas.MapGet("/{dataset}/diff", GetDiff)
            .WithName("DiffSchemaVersions")
            .WithSummary("Columns added, removed and changed between versions ?from=N and ?to=M")
            .ProducesValidationProblem();
        schemas.MapPut("/{dataset}/compatibility", SetCompatibility)
            .RequireAuthorization(Policies.Admin)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .WithName("SetSchemaCompatibility")
            .WithSummary("Set the dataset's compatibility mode (Admins): BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE or NONE")
            .WithDescription("Body {\"mode\":\"FULL_TRANSITIVE\"} (Confluent's {\"compatibility\":...} works too). Clears a recorded action-required state.")
            .Accepts<CompatibilityInput>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<SchemaDatasetView>>> ListDatasets([FromServices] SchemaCatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok(await catalog.ListDatasetsAsync(cancellationToken));

    public static async Task<Ok<SchemaDatasetVersionsView>> GetDataset(
        string dataset, [FromServices] SchemaCatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok(await catalog.GetDatasetAsync(dataset, cancellationToken));

    public static async Task<ContentHttpResult> GetVersion(
        string dataset, int version, [FromServices] SchemaCatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Text((await catalog.GetVersionAsync(dataset, version, cancellationToken)).SchemaJson, "application/json");

    public static async Task<ContentHttpResult> GetDdl(
        string dataset, int version, [FromQuery] string? from, [FromServices] SchemaCatalog catalog, CancellationToken cancellationToken)
    {
        var earlier = QueryParameters.OptionalInteger(from, "from");
        var ddl = await catalog.DdlAsync(dataset, version, earlier, cancellationToken);
        return TypedResults.Text(ddl, "text/plain; charset=utf-8");
    }

    public static async Task<Ok<SchemaDiffView>> GetDiff(
        string dataset, [FromQuery] string? from, [FromQuery] string? to, [FromServices] SchemaCatalog catalog, CancellationToken cancellationToken)
    {
        var start = QueryParameters.RequiredInteger(from, "from");
        var end = QueryParameters.RequiredInteger(to, "to");
        return TypedResults.Ok(await catalog.DiffAsync(dataset, start, end, cancellationToken));
    }

    public static async Task<Ok<SchemaDatasetView>> SetCompatibility(
        string dataset, HttpRequest request, ClaimsPrincipal user, [FromServices] SchemaCatalog catalog, CancellationToken cancellationToken)
    {
        var input = JsonBody.Deserialize<CompatibilityInput>(JsonBody.Parse(await JsonBody.ReadBytesAsync(request, cancellationToken)));
        if (!CompatibilityModes.TryParse(input.Mode ?? input.Compatibility, out var mode))
        {
            throw JsonBody.Invalid("mode", $"mode must be one of {string.Join(", ", CompatibilityModes.Names)}.");
        }

        var actor = user.Identity?.Name ?? "unknown";
        var updated = await catalog.SetCompatibilityAsync(dataset, mode, actor, cancellationToken);
        await request.HttpContext.RequestServices.GetRequiredService<AuditLog>().RecordAsync(
            SettingsAudit.DatasetCompatibility(AuditActors.From(request.HttpContext), updated.Dataset, updated.Compatibility, JobAudit.ApiMethod), CancellationToken.None);
        return TypedResults.Ok(updated);
    }
}
