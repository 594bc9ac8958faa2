namespace BakeryOps.Infrastructure.Lake.Outbox;

/// <summary>How Bakery Operations changes are batched into the lake, section <c>Lake:Batching</c>.</summary>
public sealed class LakeOutboxOptions
{
    public const string SectionName = "Lake:Batching";

    /// <summary>Seconds between batches: a change reaches the lake within about this long.</summary>
    public int IntervalSeconds { get; set; } = 60;

    /// <summary>Records per file at most; a larger backlog is written as several files in one pass.</summary>
    public int MaxRecordsPerFile { get; set; } = 50_000;

    public IEnumerable<string> Validate()
    {
        if (IntervalSeconds is < 1 or > 86_400)
        {
            yield return "Lake:Batching:IntervalSeconds must be between 1 and 86400.";
        }

        if (MaxRecordsPerFile is < 1 or > 1_000_000)
        {
            yield return "Lake:Batching:MaxRecordsPerFile must be between 1 and 1000000.";
        }
    }
}
