using BakeryOps.Domain.Reconciliation;

namespace BakeryOps.Infrastructure.Reconciliation;

/// <summary>The words the API, the CSV export and the lake use for statuses and levels (stable across renames in code).</summary>
public static class ReconciliationCodes
{
    public static string Of(ReconciliationStatus status) => status switch
    {
        ReconciliationStatus.Match => "Match",
        ReconciliationStatus.Variance => "Variance",
        ReconciliationStatus.MissingInBakery => "Missing in bakery",
        ReconciliationStatus.MissingInJde => "Missing in JDE",
        ReconciliationStatus.Unmapped => "Unmapped",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string Of(ReconciliationLevel level) => level == ReconciliationLevel.Lot ? "lot" : "item";

    /// <summary>A status from its word or its name (Match, Variance, "Missing in bakery" or MissingInBakery, …), any case.</summary>
    public static bool TryParseStatus(string? text, out ReconciliationStatus status)
    {
        foreach (var candidate in Enum.GetValues<ReconciliationStatus>())
        {
            if (string.Equals(text, Of(candidate), StringComparison.OrdinalIgnoreCase)
                || string.Equals(text, candidate.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }
}
