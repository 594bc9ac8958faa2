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

    /// <summary>A status by its name, in any case, as the API takes it.</summary>
    public static bool TryParse(string? name, out SyncRunStatus status)
    {
        foreach (var candidate in Enum.GetValues<SyncRunStatus>())
        {
            if (string.Equals(Name(candidate), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }

    public static SyncRunStatus Parse(string name) => name switch
    {
        "running" => SyncRunStatus.Running,
        "succeeded" => SyncRunStatus.Succeeded,
        "failed" => SyncRunStatus.Failed,
        "cancelled" => SyncRunStatus.Cancelled,
        _ => throw new FormatException($"'{name}' is not a run status."),
    };
}
