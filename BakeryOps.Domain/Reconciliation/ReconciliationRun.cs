namespace BakeryOps.Domain.Reconciliation;

/// <summary>A stored reconciliation of one facility (a snapshot), with its rows in <see cref="ReconciliationRow"/>.</summary>
public sealed class ReconciliationRun
{
    /// <summary>The id of the recorded job run that took the snapshot.</summary>
    public Guid Id { get; init; }

    public required string FacilityId { get; init; }
    public BalanceSource BalanceSource { get; init; }

    /// <summary>When JD Edwards' balance was read (the pull of this snapshot).</summary>
    public DateTimeOffset? BalancePulledAt { get; init; }

    /// <summary>The latest successful cardex run of the facility when the snapshot was taken.</summary>
    public Guid? LastSyncRunId { get; init; }

    public DateTimeOffset ComputedAt { get; init; }
    public int Rows { get; init; }
    public int Matches { get; init; }
    public int Variances { get; init; }
    public int MissingInBakery { get; init; }
    public int MissingInJde { get; init; }
    public int Unmapped { get; init; }
    public int LedgerDrifts { get; init; }
}
