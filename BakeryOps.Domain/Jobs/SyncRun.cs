namespace BakeryOps.Domain.Jobs;

/// <summary>
/// One run of a background job (a lake batch pass, later the syncs and the dispatch relay): when and why it ran, how
/// it ended, what it counted and, when it failed, the error in words. Operators read these; nothing fails unseen.
/// </summary>
public sealed class SyncRun
{
    public const int MaxJobLength = 64;
    public const int MaxTriggerLength = 200;
    public const int MaxProgressLength = 500;
    public const int MaxErrorLength = 4000;

    public Guid Id { get; init; }
    public required string Job { get; init; }

    /// <summary>The facility the run worked on; null for jobs that are not per facility.</summary>
    public string? FacilityId { get; init; }

    /// <summary>What started it: <c>schedule</c>, <c>shutdown</c>, or the user or API caller who asked.</summary>
    public required string Trigger { get; init; }

    /// <summary>The process that ran it (machine name), so a restart can close the runs it left open.</summary>
    public required string Node { get; init; }

    public SyncRunStatus Status { get; set; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Where a running run has got to, in words.</summary>
    public string? Progress { get; set; }

    /// <summary>Named counts (rows read, records written per dataset, files, …).</summary>
    public Dictionary<string, long> Counts { get; set; } = [];

    public string? Error { get; set; }
}
