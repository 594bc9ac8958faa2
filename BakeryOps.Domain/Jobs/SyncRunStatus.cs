namespace BakeryOps.Domain.Jobs;

public enum SyncRunStatus
{
    Running,
    Succeeded,
    Failed,
    Cancelled,
}
