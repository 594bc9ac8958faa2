using BakeryOps.Domain.Jobs;

namespace BakeryOps.Infrastructure.Jobs;

/// <summary>A run as pages and <c>/health</c> show it; <see cref="Status"/> is running, succeeded, failed or cancelled.</summary>
public sealed record SyncRunView(
    Guid Id,
    string Job,
    string? FacilityId,
    string Trigger,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string? Progress,
    IReadOnlyDictionary<string, long> Counts,
    string? Error)
{
    public static SyncRunView From(SyncRun run) => new(
        run.Id, run.Job, run.FacilityId, run.Trigger, SyncRunStatuses.Name(run.Status), run.StartedAt, run.FinishedAt, run.Progress,
        new Dictionary<string, long>(run.Counts), run.Error);
}

/// <summary>A job's standing: its latest run and how many of its latest finished runs failed in a row.</summary>
public sealed record JobStandingView(string Job, SyncRunView LastRun, int ConsecutiveFailures, DateTimeOffset? LastSucceededAt);
