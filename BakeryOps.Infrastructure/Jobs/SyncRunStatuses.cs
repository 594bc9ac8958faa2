using BakeryOps.Domain.Jobs;

namespace BakeryOps.Infrastructure.Jobs;

/// <summary>Run statuses as stored and shown: <c>running</c>, <c>succeeded</c>, <c>failed</c>, <c>cancelled</c>.</summary>
public static class SyncRunStatuses
{
    public static string Name(SyncRunStatus status) => status switch
    {
        SyncRunStatus.Running => "running",
        SyncRunStatus.Succeeded => "succeeded",
        SyncRunStatus.Failed => "failed",
        SyncRunStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static SyncRunStatus Parse(string name) => name switch
    {
        "running" => SyncRunStatus.Running,
        "succeeded" => SyncRunStatus.Succeeded,
        "failed" => SyncRunStatus.Failed,
        "cancelled" => SyncRunStatus.Cancelled,
        _ => throw new FormatException($"'{name}' is not a run status."),
    };
}
