using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using BakeryOps.Infrastructure.Audit;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Lake.Housekeeping;
using BakeryOps.Portal.Api;
using BakeryOps.Portal.Audit;
using BakeryOps.Portal.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BakeryOps.Portal.Jobs;

/// <summary>
/// <c>POST /jobs/lake-housekeeping/run</c>: without a body the whole pass (as scheduled); with <c>{"day":"YYYY-MM-DD"}</c>
/// the compaction of that one day, today included. Mapped before the generic <c>/jobs/{job}/run</c>, which it overrides.
/// </summary>
public static class LakeHousekeepingEndpoints
{
    public static RouteGroupBuilder MapLakeHousekeepingRun(this RouteGroupBuilder jobs)
    {
        jobs.MapPost($"/{LakeHousekeeping.Job}/run", RunAsync)
            .RequireAuthorization(Policies.RunJobs)
            .WithSummary("Run the lake housekeeping now, or compact one day ({\"day\":\"YYYY-MM-DD\"}, today included); 202 with the finished run")
            .Accepts<LakeHousekeepingRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return jobs;
    }

    public static async Task<Accepted<SyncRunView>> RunAsync(
        HttpContext context, LakeHousekeeping housekeeping, AuditLog audit, CancellationToken cancellationToken)
    {
        var day = await ReadDayAsync(context.Request, housekeeping.Today(), cancellationToken);
        var caller = context.User.Identity?.Name ?? "api";
        var run = day is { } one
            ? await housekeeping.RunDayAsync(one, caller, cancellationToken)
            : await housekeeping.RunAsync(caller, cancellationToken);
        // Not cancelled with the request, so a finished run is never left unrecorded.
        await audit.RecordAsync(JobAudit.Run(AuditActors.From(context), LakeHousekeeping.Job, null, run.Id, JobAudit.ApiMethod), CancellationToken.None);
        return TypedResults.Accepted($"/jobs/runs/{run.Id}", run);
    }

    private static async Task<DateOnly?> ReadDayAsync(HttpRequest request, DateOnly today, CancellationToken cancellationToken)
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && !request.HasJsonContentType()))
        {
            return null;
        }

        var bytes = await JsonBody.ReadBytesAsync(request, cancellationToken);
        if (bytes.Length == 0)
        {
            return null;
        }

        var body = JsonBody.Parse(bytes) as JsonObject ?? throw JsonBody.Invalid("body", "Send a JSON object such as {\"day\":\"2026-11-26\"}.");
        var text = JsonBody.Deserialize<LakeHousekeepingRequest>(body).Day;
        if (text is null)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            throw JsonBody.Invalid("day", "day must be a date as YYYY-MM-DD (a UTC partition day of the lake).");
        }

        return day > today
            ? throw JsonBody.Invalid("day", $"day {text} has not started yet (today is {today:yyyy-MM-dd} UTC).")
            : day;
    }
}

/// <summary>The day to compact (UTC, as the lake partitions); none runs the whole housekeeping pass.</summary>
public sealed record LakeHousekeepingRequest([property: JsonPropertyName("day")] string? Day);
