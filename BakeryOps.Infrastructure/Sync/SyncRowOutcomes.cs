using BakeryOps.Infrastructure.Telemetry;

namespace BakeryOps.Infrastructure.Sync;

/// <summary>
/// How the counts a sync run records map onto the four row outcomes of the <c>bakeryops.sync.rows</c> metric: the run
/// history keeps the finer names (duplicates, baseline, own postings), a dashboard wants the same four for every sync.
/// </summary>
public static class SyncRowOutcomes
{
    public const string Read = "read";
    public const string Applied = "applied";
    public const string Quarantined = "quarantined";
    public const string Skipped = "skipped";

    private static readonly Dictionary<string, Dictionary<string, string>> ByJob = new(StringComparer.Ordinal)
    {
        [CardexSync.Job] = new(StringComparer.Ordinal)
        {
            [CardexSyncCounts.Read] = Read,
            [CardexSyncCounts.Applied] = Applied,
            [CardexSyncCounts.Quarantined] = Quarantined,
            [CardexSyncCounts.Duplicates] = Skipped,
            [CardexSyncCounts.Baseline] = Skipped,
            [CardexSyncCounts.OwnPostings] = Skipped,
        },
        [ItemMasterSync.Job] = new(StringComparer.Ordinal)
        {
            [ItemMasterSyncCounts.Read] = Read,
            [ItemMasterSyncCounts.Applied] = Applied,
            // Changes held for an Admin's review are the item master's quarantine.
            [ItemMasterSyncCounts.Blocked] = Quarantined,
        },
    };

    /// <summary>Records a finished run's rows by outcome (each outcome once, zero included); other jobs record nothing.</summary>
    public static void Record(string job, IReadOnlyDictionary<string, long> counts)
    {
        if (!ByJob.TryGetValue(job, out var outcomes))
        {
            return;
        }

        var totals = outcomes.Values.Distinct().ToDictionary(o => o, _ => 0L, StringComparer.Ordinal);
        foreach (var (name, outcome) in outcomes)
        {
            totals[outcome] += counts.GetValueOrDefault(name);
        }

        foreach (var (outcome, rows) in totals)
        {
            BakeryOpsMetrics.SyncRun(job, outcome, rows);
        }
    }
}
