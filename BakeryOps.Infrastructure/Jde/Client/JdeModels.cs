namespace BakeryOps.Infrastructure.Jde.Client;

/// <summary>
/// One F4111 item ledger row from <c>JDE_CARDEX_SUMMARY</c>, trimmed and typed. <c>UpdatedDate</c> is F4111_CRDJ, the
/// date the row was written (F4111 has no UPMJ, jde-ais.md §2.1), and <c>UpdatedTime</c> its time (TDAY), both in the
/// JD Edwards server's time zone; <c>Quantity</c> is TRQT, signed, in <c>Unit</c>.
/// </summary>
public sealed record JdeCardexRow(
    long Ukid,
    int ShortItemNumber,
    string SecondItemNumber,
    string BusinessUnit,
    string Location,
    string Lot,
    long DocumentNumber,
    string DocumentType,
    DateOnly TransactionDate,
    DateOnly UpdatedDate,
    decimal Quantity,
    string Unit,
    string Explanation,
    TimeOnly? UpdatedTime = null);

/// <summary>A cardex pull; <see cref="MoreRecords"/> means AIS stopped at its max-records limit and the window must be split.</summary>
public sealed record JdeCardexPage(IReadOnlyList<JdeCardexRow> Rows, bool MoreRecords);

/// <summary>One item-branch row (view V564102A) from <c>JDE_ITEM_MASTER_TO_BAKERY_OPS</c>.</summary>
public sealed record JdeItemMasterRow(
    int ShortItemNumber,
    string SecondItemNumber,
    string ThirdItemNumber,
    string BusinessUnit,
    string StockingType,
    string GlClass,
    string LineType,
    string LotProcessType,
    string Description,
    string Description2,
    string PrimaryUnit,
    string SalesCategory1,
    int? ShelfLifeDays,
    DateOnly? UpdatedDate);

/// <summary>An item master pull; <see cref="MoreRecords"/> means AIS stopped at its max-records limit and rows are missing.</summary>
public sealed record JdeItemMasterPage(IReadOnlyList<JdeItemMasterRow> Rows, bool MoreRecords);

/// <summary>
/// One item location row (F41021) from <c>JDE_ITEM_BALANCE</c>, trimmed and typed: JDE's balance of record.
/// <c>OnHand</c> is PQOH in <c>Unit</c>, the item's primary unit (F4101 UOM1); <c>UpdatedDate</c> is UPMJ, the date
/// the row last changed.
/// </summary>
public sealed record JdeItemBalanceRow(
    int ShortItemNumber,
    string SecondItemNumber,
    string BusinessUnit,
    string Location,
    string Lot,
    decimal OnHand,
    string Unit,
    DateOnly? UpdatedDate);

/// <summary>A GridData line of an adjustment: signed quantity (negative reduces on-hand), unit, optional lot.</summary>
public sealed record JdeAdjustmentPostingLine(string ItemNumber, decimal Quantity, string Unit, string? Lot = null);

/// <summary>
/// An inventory adjustment for <c>JDE_INVENTORY_ADJUSTMENTS</c>. <c>Explanation</c> is at most 30 characters (the TREX
/// column); carry an idempotency key in it so an unknown outcome can be read back from the cardex.
/// </summary>
public sealed record JdeAdjustmentPosting(
    string BranchPlant,
    string DocumentType,
    string Explanation,
    DateOnly GlDate,
    DateOnly TransactionDate,
    IReadOnlyList<JdeAdjustmentPostingLine> Lines);

/// <summary>The document JDE wrote for an adjustment.</summary>
public sealed record JdeAdjustmentReceipt(long DocumentNumber, string DocumentType, string DocumentCompany);
