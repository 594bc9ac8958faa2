using BakeryOps.Domain.Audit;

namespace BakeryOps.Portal.Audit;

/// <summary>The audit rows of jobs a person starts, pauses or resumes (category <c>job</c>, the job as target).</summary>
public static class JobAudit
{
    public const string ApiMethod = "api";

    public static AuditEntry Run(AuditActor actor, string job, string? facility, Guid run, string method) =>
        new(AuditCategories.Job, "run", AuditOutcomes.Success, actor, job,
            facility is null ? $"Run {run}" : $"Facility {facility}, run {run}", method);

    public static AuditEntry Paused(AuditActor actor, string job, bool paused, string method) =>
        new(AuditCategories.Job, paused ? "pause" : "resume", AuditOutcomes.Success, actor, job, null, method);
}
