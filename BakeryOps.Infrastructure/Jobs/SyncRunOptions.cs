namespace BakeryOps.Infrastructure.Jobs;

/// <summary>How job runs are judged and kept, in section <c>Jobs</c> next to the schedules.</summary>
public sealed class SyncRunOptions
{
    public const string SectionName = "Jobs";

    /// <summary>A job whose last this-many runs all failed makes <c>/health</c> degraded.</summary>
    public int FailuresBeforeDegraded { get; set; } = 3;

    /// <summary>Finished runs older than this many days are removed.</summary>
    public int RunHistoryDays { get; set; } = 30;

    public IEnumerable<string> Validate()
    {
        if (FailuresBeforeDegraded is < 1 or > 100)
        {
            yield return "Jobs:FailuresBeforeDegraded must be between 1 and 100.";
        }

        if (RunHistoryDays is < 1 or > 3650)
        {
            yield return "Jobs:RunHistoryDays must be between 1 and 3650.";
        }
    }
}
