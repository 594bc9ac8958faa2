using BakeryOps.Infrastructure.Jobs;
using BakeryOps.Infrastructure.Lake.Catalog;

namespace BakeryOps.Infrastructure.Analytics;

/// <summary>
/// What the home page's dashboard shows of one facility: its newest reconciliation, each job's last run, the open
/// quarantine, its postings to JD Edwards and how fresh each lake dataset is, as read at <see cref="ReadAt"/>.
/// </summary>
public sealed record DashboardSnapshot(
    string FacilityId,
    string FacilityName,
    DateTimeOffset ReadAt,
    ReconciliationGlance? Reconciliation,
    IReadOnlyList<JobStandingView> Jobs,
    QuarantineGlance Quarantine,
    DispatchGlance Dispatch,
    LakeGlance Lake);

/// <summary>The facility's newest stored reconciliation: its counts per status and its largest variances.</summary>
public sealed record ReconciliationGlance(
    Guid RunId,
    DateTimeOffset ComputedAt,
    int Rows,
    int Matches,
    int Variances,
    int MissingInBakery,
    int MissingInJde,
    int Unmapped,
    int LedgerDrifts,
    IReadOnlyList<VarianceLine> Largest)
{
    public int Missing => MissingInBakery + MissingInJde;

    /// <summary>Every line matches (unmapped products have nothing to compare and do not count against it).</summary>
    public bool Agrees => Variances == 0 && Missing == 0 && LedgerDrifts == 0;
}

/// <summary>
/// A line of a reconciliation that does not match, with its variance (bakery minus JD Edwards) in <see cref="Unit"/>,
/// the product's inventory unit: the product has no unit costs, so "largest" is by the variance's size in its unit.
/// </summary>
public sealed record VarianceLine(
    string? ProductId, string ProductName, string Lot, string Status, string Unit, decimal? JdeQuantity, decimal? BakeryQuantity, decimal Variance);

/// <summary>Ledger rows in the facility's quarantine that are not resolved yet, by reason (its code).</summary>
public sealed record QuarantineGlance(int Open, IReadOnlyDictionary<string, int> ByReason, DateTimeOffset? OldestAt);

/// <summary>
/// The facility's postings to JD Edwards by where they stand. <see cref="Unplanned"/> are movements the next plan makes
/// postings of (they wait for review like <see cref="Pending"/> ones); in flight are being sent or posted and not yet
/// seen back in JD Edwards' ledger. Nothing is posted for a facility that is not <see cref="Linked"/>.
/// </summary>
public sealed record DispatchGlance(bool Linked, int Unplanned, int Pending, int Approved, int Sending, int Posted, int Failed)
{
    public static DispatchGlance NotLinked { get; } = new(false, 0, 0, 0, 0, 0, 0);

    public int WaitingForApproval => Unplanned + Pending;

    public int InFlight => Sending + Posted;
}

/// <summary>Each lake dataset's freshness, and the outbox's batch interval that says when waiting records are late.</summary>
public sealed record LakeGlance(IReadOnlyList<LakeDatasetFreshness> Datasets, TimeSpan BatchInterval)
{
    /// <summary>A record waits longer than two batch intervals: the batching job is failing or not running.</summary>
    public bool IsBehind(LakeDatasetFreshness dataset, DateTimeOffset now) =>
        dataset.OldestWaitingAt is { } oldest && now - oldest > 2 * BatchInterval;
}
