namespace BakeryOps.Infrastructure.Analytics;

/// <summary>The pivot engine's limits, section <c>Analytics</c>.</summary>
public sealed class AnalyticsOptions
{
    public const string SectionName = "Analytics";

    /// <summary>The most cells (rows × columns × measures) a pivot may answer; a larger one is refused with a 400.</summary>
    public int MaxCells { get; set; } = 100_000;

    /// <summary>How long a pivot's query may run before it is cancelled and refused.</summary>
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most rows one page of a drill-through returns.</summary>
    public int MaxDrillThroughRows { get; set; } = 1_000;

    public IEnumerable<string> Validate()
    {
        if (MaxCells < 1)
        {
            yield return "Analytics:MaxCells must be at least 1.";
        }

        if (QueryTimeout <= TimeSpan.Zero || QueryTimeout > TimeSpan.FromMinutes(30))
        {
            yield return "Analytics:QueryTimeout must be more than zero and at most 00:30:00.";
        }

        if (MaxDrillThroughRows is < 1 or > 100_000)
        {
            yield return "Analytics:MaxDrillThroughRows must be between 1 and 100000.";
        }
    }
}
