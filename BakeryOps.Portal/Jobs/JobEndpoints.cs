using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using BakeryOps.Domain.Errors;
using BakeryOps.Infrastructure.Audit;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Dispatch;
using BakeryOps.Infrastructure.Reconciliation;
using BakeryOps.Infrastructure.Sessions;
using BakeryOps.Infrastructure.Sync;
using BakeryOps.Portal.Api;
using BakeryOps.Portal.Audit;
using BakeryOps.Portal.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace BakeryOps.Portal.Jobs;

/// <summary>The background jobs' API under <c>/jobs</c>: the schedules (pause, resume), runs started now or stopped, and the run history.</summary>
public static class JobEndpoints
{
    public static RouteGroupBuilder MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/jobs")
            .RequireAuthorization(Policies.Read)
            .WithTags("Jobs")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        jobs.MapGet("", async (ScheduledJobs scheduled, CancellationToken ct) => TypedResults.Ok(await scheduled.ListAsync(ct)))
            .WithSummary("The scheduled jobs: schedule, time zone, next fire time, paused or not, latest run");
        jobs.MapPost("/{job}/pause", (string job, HttpContext context, ScheduledJobs scheduled, AuditLog audit, CancellationToken ct) => SetPausedAsync(job, true, context, scheduled, audit, ct))
            .RequireAuthorization(Policies.RunJobs)
            .WithSummary("Pause a job's schedule (a run in progress goes on)")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        jobs.MapPost("/{job}/resume", (string job, HttpContext context, ScheduledJobs scheduled, AuditLog audit, CancellationToken ct) => SetPausedAsync(job, false, context, scheduled, audit, ct))
            .RequireAuthorization(Policies.RunJobs)
            .WithSummary("Resume a paused job's schedule")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        jobs.MapPost("/runs/{id:guid}/cancel", CancelAsync)
            .RequireAuthorization(Policies.RunJobs)
            .WithSummary("Stop a running run (recorded as cancelled; the next run reads again what it had not committed)")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        jobs.MapLakeHousekeepingRun();
        jobs.MapPost("/{job}/run", RunAsync)
            .RequireAuthorization(Policies.RunJobs)
            .WithSummary("Start a run now (202 with the run; 409 while that job runs for that facility)")
            .Accepts<RunRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        jobs.MapGet("/runs", ListRunsAsync).WithSummary("Runs, newest first (paged; X-Total-Count header)").ProducesValidationProblem();
        jobs.MapGet("/runs/{id:guid}", GetRunAsync).WithSummary("One run: status, counts, progress and error").ProducesProblem(StatusCodes.Status404NotFound);
        return jobs;
    }

    public static async Task<Ok<JobView>> SetPausedAsync(
        string job, bool paused, HttpContext context, ScheduledJobs scheduled, AuditLog audit, CancellationToken cancellationToken)
    {
        var view = await scheduled.SetPausedAsync(job, paused, cancellationToken);
        await audit.RecordAsync(JobAudit.Paused(AuditActors.From(context), view.Job, paused, JobAudit.ApiMethod), CancellationToken.None);
        return TypedResults.Ok(view);
    }

    public static async Task<Accepted<SyncRunView>> CancelAsync(
        Guid id, CardexSyncRunner cardex, ItemMasterSyncRunner itemMaster, ReconciliationRunner reconciliation, SyncRunCatalog catalog,
        CancellationToken cancellationToken)
    {
        var run = await catalog.GetRunAsync(id, cancellationToken);
        var running = run.Status == SyncRunStatuses.Name(Domain.Jobs.SyncRunStatus.Running);
        if (!running || !(cardex.Cancel(id) || itemMaster.Cancel(id) || reconciliation.Cancel(id)))
        {
            throw new ConflictException(running
                ? $"Run {id} is not running in this portal process, so it cannot be stopped from here."
                : $"Run {id} is not running (it {run.Status}).");
        }

        return TypedResults.Accepted($"/jobs/runs/{id}", run);
    }

    public static async Task<Accepted<SyncRunView>> RunAsync(
        string job, HttpContext context, CardexSyncRunner cardex, ItemMasterSyncRunner itemMaster, ReconciliationRunner reconciliation,
        SyncRunCatalog catalog, InventoryService inventory,
        IOptions<SiteOptions> site, CancellationToken cancellationToken)
    {
        PortalJob.Find(job);
        var request = await ReadRequestAsync(context.Request, cancellationToken);
        if (job == DispatchService.Job)
        {
            // One pass over every facility, bounded by Dispatch:RelayBatchSize: run here and answer with the finished run.
            var pass = await context.RequestServices.GetRequiredService<DispatchRelay>().RunAsync(context.User.Identity?.Name ?? "api", cancellationToken);
            await RecordRunAsync(context, job, null, pass.Id);
            return TypedResults.Accepted($"/jobs/runs/{pass.Id}", pass);
        }

        if (job == SessionCleanupRunner.Job)
        {
            var cleanup = await context.RequestServices.GetRequiredService<SessionCleanupRunner>().RunAsync(context.User.Identity?.Name ?? "api", cancellationToken);
            await RecordRunAsync(context, job, null, cleanup.Id);
            return TypedResults.Accepted($"/jobs/runs/{cleanup.Id}", cleanup);
        }

        if (job == AuditExport.Job)
        {
            // Site-wide and short (the closed days not yet written): run here and answer with the finished run.
            var export = await context.RequestServices.GetRequiredService<AuditExport>().RunAsync(context.User.Identity?.Name ?? "api", cancellationToken);
            await RecordRunAsync(context, job, null, export.Id);
            return TypedResults.Accepted($"/jobs/runs/{export.Id}", export);
        }

        var facility = site.Value.FacilityOrDefault(request.Facility);
        ServiceAccountFacilityFilter.EnsureAllowed(context.User, facility);
        var mode = request.Mode?.Trim().ToLowerInvariant() switch
        {
            null or "" or "incremental" => CardexSyncMode.Incremental,
            "full-history" when job == CardexSync.Job => CardexSyncMode.FullHistory,
            _ => throw JsonBody.Invalid("mode", job == CardexSync.Job ? "mode must be incremental or full-history." : $"{job} has no modes; leave mode out."),
        };
        if (string.IsNullOrWhiteSpace((await inventory.GetFacilityAsync(facility, cancellationToken)).JdeBusinessUnit))
        {
            throw new ConflictException($"Facility {facility} is not linked to a JD Edwards branch/plant, so it has nothing to sync from JD Edwards.");
        }

        var caller = context.User.Identity?.Name ?? "api";
        var id = job switch
        {
            CardexSync.Job => await cardex.StartAsync(facility, mode, caller, cancellationToken),
            ReconciliationService.Job => await reconciliation.StartAsync(facility, caller, cancellationToken),
            _ => await itemMaster.StartAsync(facility, caller, cancellationToken),
        };
        await RecordRunAsync(context, job, facility, id);
        return TypedResults.Accepted($"/jobs/runs/{id}", await catalog.GetRunAsync(id, cancellationToken));
    }

    // Recorded once the run has started; not cancelled with the request, so a started run is never left unrecorded.
    private static Task RecordRunAsync(HttpContext context, string job, string? facility, Guid run) =>
        context.RequestServices.GetRequiredService<AuditLog>().RecordAsync(
            JobAudit.Run(AuditActors.From(context), job, facility, run, JobAudit.ApiMethod), CancellationToken.None);

    public static async Task<Ok<IReadOnlyList<SyncRunView>>> ListRunsAsync(
        SyncRunCatalog catalog, HttpResponse response, [FromQuery] string? job, [FromQuery] string? status, [FromQuery] string? facility,
        [FromQuery] string? offset, [FromQuery] string? size, CancellationToken cancellationToken)
    {
        var (skip, take) = QueryParameters.Page(offset, size, 50, 500);
        var wanted = string.IsNullOrWhiteSpace(status) ? (Domain.Jobs.SyncRunStatus?)null
            : SyncRunStatuses.TryParse(status, out var parsed) ? parsed
            : throw JsonBody.Invalid("status", "status must be running, succeeded, failed or cancelled.");
        var page = await catalog.ListRunsAsync(job?.Trim(), wanted, facility?.Trim(), skip, take, cancellationToken);
        response.Headers["X-Total-Count"] = page.TotalCount.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Ok(page.Items);
    }

    public static async Task<Ok<SyncRunView>> GetRunAsync(Guid id, SyncRunCatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok(await catalog.GetRunAsync(id, cancellationToken));

    // The body is optional: no body (or an empty one) runs the default facility incrementally.
    private static async Task<RunRequest> ReadRequestAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && !request.HasJsonContentType()))
        {
            return new RunRequest(null, null);
        }

        var bytes = await JsonBody.ReadBytesAsync(request, cancellationToken);
        if (bytes.Length == 0)
        {
            return new RunRequest(null, null);
        }

        var body = JsonBody.Parse(bytes) as JsonObject ?? throw JsonBody.Invalid("body", "Send a JSON object such as {\"facility\":\"default_facility\"}.");
        return JsonBody.Deserialize<RunRequest>(body);
    }
}

/// <summary>What to run: the facility (default: the site's default facility) and, for the cardex sync, the mode.</summary>
public sealed record RunRequest(
    [property: JsonPropertyName("facility")] string? Facility,
    [property: JsonPropertyName("mode")] string? Mode);
