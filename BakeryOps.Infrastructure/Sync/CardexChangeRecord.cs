using BakeryOps.Domain.Sync;
using BakeryOps.Infrastructure.Lake.Writing;

namespace BakeryOps.Infrastructure.Sync;

/// <summary>
/// A row of <c>cardex_changes</c>: one ledger row a cardex run read, with what the run did with it (applied,
/// duplicate, baseline, own posting, quarantined), so the lake holds the audit trail of every run.
/// </summary>
public sealed record CardexChangeRecord(
    Guid RunId,
    string FacilityId,
    long Ukid,
    int ShortItemNumber,
    string SecondItemNumber,
    string BusinessUnit,
    string Location,
    string Lot,
    long DocumentNumber,
    string DocumentType,
    DateOnly TransactionDate,
    DateTimeOffset WrittenAt,
    decimal Quantity,
    string Unit,
    string Explanation,
    string Outcome,
    bool BackDated,
    string? MovementId)
{
    public const string Dataset = "cardex_changes";

    public static LakeTable<CardexChangeRecord> Table { get; } = new LakeTable<CardexChangeRecord>(Dataset)
        .String("run_id", r => r.RunId.ToString(), nullable: false)
        .String("facility_id", r => r.FacilityId, nullable: false)
        .Int64("ukid", r => r.Ukid)
        .Int32("short_item_number", r => r.ShortItemNumber)
        .String("second_item_number", r => r.SecondItemNumber, nullable: false)
        .String("business_unit", r => r.BusinessUnit, nullable: false)
        .String("location", r => r.Location, nullable: false)
        .String("lot", r => r.Lot, nullable: false)
        .Int64("document_number", r => r.DocumentNumber)
        .String("document_type", r => r.DocumentType, nullable: false)
        .Date("transaction_date", r => r.TransactionDate)
        .Timestamp("written_at", r => r.WrittenAt)
        .Decimal("quantity", 18, 6, r => r.Quantity)
        .String("unit", r => r.Unit, nullable: false)
        .String("explanation", r => r.Explanation, nullable: false)
        .String("outcome", r => r.Outcome, nullable: false)
        .Boolean("back_dated", r => r.BackDated)
        .String("movement_id", r => r.MovementId);

    /// <summary>The mirror row as this run saw it: <paramref name="outcome"/> is the row's own, or duplicate when it was mirrored before.</summary>
    public static CardexChangeRecord Of(JdeCardexEntry entry, Guid runId, CardexOutcome outcome) => new(
        runId, entry.FacilityId, entry.Ukid, entry.ShortItemNumber, entry.SecondItemNumber, entry.BusinessUnit, entry.Location, entry.Lot,
        entry.DocumentNumber, entry.DocumentType, entry.TransactionDate, entry.WrittenAt, entry.Quantity, entry.Unit, entry.Explanation,
        Code(outcome), outcome != CardexOutcome.Duplicate && entry.BackDated, outcome == CardexOutcome.Duplicate ? null : entry.MovementId);

    public static string Code(CardexOutcome outcome) => outcome switch
    {
        CardexOutcome.Applied => "applied",
        CardexOutcome.Baseline => "baseline",
        CardexOutcome.OwnPosting => "own_posting",
        CardexOutcome.Quarantined => "quarantined",
        CardexOutcome.Duplicate => "duplicate",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}
