using BakeryOps.Domain.Lake;

namespace BakeryOps.Infrastructure.Lake.Housekeeping;

/// <summary>What the <c>lake-housekeeping</c> job looks at, section <c>Lake:Housekeeping</c> (its schedule is <c>Jobs:LakeHousekeeping</c>).</summary>
public sealed class LakeHousekeepingOptions
{
    public const string SectionName = "Lake:Housekeeping";

    /// <summary>
    /// How many closed days back each run compacts (UTC partition days): more than one, so a night the job did not run
    /// is caught up, and a day given more files later (a late outbox flush) is compacted again.
    /// </summary>
    public int LookbackDays { get; set; } = 7;

    /// <summary>Uploads older than this (folder temp files, S3 multipart uploads) are abandoned and removed.</summary>
    public int AbandonedUploadHours { get; set; } = 24;

    public IEnumerable<string> Validate()
    {
        if (LookbackDays is < 1 or > 366)
        {
            yield return "Lake:Housekeeping:LookbackDays must be between 1 and 366.";
        }

        if (AbandonedUploadHours is < 1 or > 24 * 30)
        {
            yield return "Lake:Housekeeping:AbandonedUploadHours must be between 1 and 720.";
        }
    }
}

/// <summary>
/// Per-dataset retention, section <c>Lake:Retention</c>: off until a dataset is given a number of days. The days
/// before today minus that many are removed by the housekeeping run, or only counted when <see cref="DryRun"/> is set.
/// </summary>
public sealed class LakeRetentionOptions
{
    public const string SectionName = "Lake:Retention";

    /// <summary>Count what would be removed (the run's <c>retention_*_due</c> counts) and remove nothing.</summary>
    public bool DryRun { get; set; }

    /// <summary>Dataset name → days of partitions to keep (at least 1); datasets not named are kept for ever.</summary>
    public Dictionary<string, int> Days { get; set; } = new(StringComparer.Ordinal);

    public IEnumerable<string> Validate()
    {
        foreach (var (dataset, days) in Days)
        {
            if (!LakeKeys.IsDatasetName(dataset))
            {
                yield return $"Lake:Retention:Days:{dataset} does not name a dataset (lower-case letters, digits and '_', starting with a letter).";
            }

            if (days < 1)
            {
                yield return $"Lake:Retention:Days:{dataset} must be at least 1 day (found {days}).";
            }
        }
    }
}
