using System.Globalization;
using BakeryOps.Domain.Paging;
using BakeryOps.Infrastructure.Lake.Catalog;
using BakeryOps.Infrastructure.Lake.Reading;
using BakeryOps.Infrastructure.Lake.Storage;
using BakeryOps.Infrastructure.Lake.Writing;
using BakeryOps.Portal.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace BakeryOps.Portal.Lake;

/// <summary>The lake's files: the dispatch log, downloads, Parquet previews and manifest verification.</summary>
public static class LakeFileEndpoints
{
    public const string ParquetContentType = "application/vnd.apache.parquet";

    public static RouteGroupBuilder MapLakeFileEndpoints(this RouteGroupBuilder lake)
    {
        lake.MapGet("/dispatches", ListDispatches)
            .WithName("ListLakeDispatches")
            .WithSummary("Files written to the lake, newest first (paged; X-Total-Count header)")
            .WithDescription("Filter by dataset and by partition date (startDate, endDate as yyyy-MM-dd); offset and size (1 to 1000) page.")
            .ProducesValidationProblem();
        lake.MapGet("/download/{**key}", Download)
            .WithName("DownloadLakeObject")
            .WithSummary("Stream one object of the lake as an attachment")
            .WithDescription("Only keys under the lake prefix: relative, without '.', '..', empty segments, '\\', '%' or control characters.")
            .Produces(StatusCodes.Status200OK, typeof(Stream), ParquetContentType, "application/json", "application/octet-stream")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        lake.MapGet("/preview/{**key}", Preview)
            .WithName("PreviewLakeParquet")
            .WithSummary("The first rows (1 to 1000, default 50) of a Parquet file as JSON")
            .WithDescription("Decimals are strings with the column's scale (exact); dates yyyy-MM-dd; timestamps ISO 8601 UTC.")
            .Produces<LakePreview>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        lake.MapGet("/manifests/verify", VerifyManifest)
            .WithName("VerifyLakeManifest")
            .WithSummary("Check a run's manifest: every file's size and SHA-256, and the link to the previous manifest")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return lake;
    }

    public static async Task<Ok<IReadOnlyList<LakeFileView>>> ListDispatches(
        [FromServices] LakeCatalog catalog,
        HttpResponse response,
        [FromQuery] string? dataset,
        [FromQuery] string? startDate,
        [FromQuery] string? endDate,
        [FromQuery] string? offset,
        [FromQuery] string? size,
        CancellationToken cancellationToken)
    {
        var (skip, take) = QueryParameters.Page(offset, size, LakeCatalog.DefaultSize, LakeCatalog.MaxSize);
        var query = new LakeFileQuery(
            QueryParameters.Dataset(dataset), QueryParameters.Date(startDate, "startDate"), QueryParameters.Date(endDate, "endDate"), skip, take);
        if (query.StartDate > query.EndDate)
        {
            throw JsonBody.Invalid("endDate", "endDate must not be before startDate.");
        }

        PagedResult<LakeFileView> page = await catalog.ListFilesAsync(query, cancellationToken);
        response.Headers["X-Total-Count"] = page.TotalCount.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Ok(page.Items);
    }

    public static async Task<IResult> Download(
        string? key, HttpResponse response, [FromServices] LakeObjectReader reader,
        [FromServices] ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        try
        {
            var (info, content) = await reader.OpenAsync(key, cancellationToken);
            response.ContentLength = info.Size;
            return TypedResults.Stream(content, ContentTypeOf(key!), FileNameOf(key!), info.LastModified);
        }
        catch (Exception e) when (Problem(e, "/s3/download", loggers) is { } problem)
        {
            return problem;
        }
    }

    public static async Task<IResult> Preview(
        string? key, [FromQuery] string? rows, [FromServices] LakeObjectReader reader,
        [FromServices] ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var count = QueryParameters.Integer(rows, "rows", LakeObjectReader.DefaultPreviewRows, 1, LakeObjectReader.MaxPreviewRows);
        try
        {
            return TypedResults.Ok(await reader.PreviewAsync(key, count, cancellationToken));
        }
        catch (Exception e) when (Problem(e, "/s3/preview", loggers) is { } problem)
        {
            return problem;
        }
    }

    public static async Task<Ok<LakeManifestVerification>> VerifyManifest(
        [FromQuery] string? key, [FromServices] ILakeVerifier verifier, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(key))
        {
            throw JsonBody.Invalid("key", "key is required: the manifest's key under <prefix>/_manifests/.");
        }

        return TypedResults.Ok(await verifier.VerifyAsync(key, cancellationToken));
    }

    public static string ContentTypeOf(string key) => Path.GetExtension(key).ToLowerInvariant() switch
    {
        ".parquet" => ParquetContentType,
        ".json" => "application/json",
        _ => "application/octet-stream",
    };

    private static string FileNameOf(string key) => key[(key.LastIndexOf('/') + 1)..];

    // The instance is the endpoint, never the request path: a rejected key is not repeated back to the caller.
    private static IResult? Problem(Exception exception, string instance, ILoggerFactory loggers)
    {
        switch (exception)
        {
            case LakeKeyRejectedException rejected:
                LakeEndpointLog.KeyRefused(loggers.CreateLogger(LakeEndpointLog.Category), instance, rejected.Message);
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { ["key"] = [rejected.Message] }, title: "The key is not a lake key.", instance: instance);
            case LakeObjectNotFoundException:
                return TypedResults.Problem("There is no lake object under that key.", instance, StatusCodes.Status404NotFound, "Not found");
            case LakeNotPreviewableException unsupported:
                return TypedResults.Problem(unsupported.Message, instance, StatusCodes.Status422UnprocessableEntity, "Cannot preview this object");
            default:
                return null;
        }
    }
}
