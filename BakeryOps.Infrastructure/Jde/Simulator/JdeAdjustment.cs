namespace BakeryOps.Infrastructure.Jde.Simulator;

/// <summary>
/// The JDE_INVENTORY_ADJUSTMENTS input after the endpoint has parsed it (dates in the user's format, numbers sent as
/// strings): Branch_Plant, Document_Type, Explanation, G_L_Date, Transaction_Date and GridData.
/// </summary>
public sealed record JdeAdjustmentRequest(
    string? BranchPlant,
    string? DocumentType,
    string? Explanation,
    DateOnly GlDate,
    DateOnly TransactionDate,
    IReadOnlyList<JdeAdjustmentLine> Lines);

/// <summary>A GridData row. Item_Number is the 2nd item number (LITM) or the short number (ITM).</summary>
public sealed record JdeAdjustmentLine(string? ItemNumber, decimal Quantity, string? Unit, string? Lot, decimal? UnitCost = null);

public enum JdeAdjustmentErrorKind
{
    BranchInvalid,
    DocumentTypeInvalid,
    NoLines,
    ItemInvalid,
    ItemNotInBranch,
    UnitInvalid,
    QuantityInvalid,
    LotRequired,
    LotNotAllowed,
    LotUnknown,
    PeriodClosed,
    NegativeOnHand,
}

/// <summary>
/// A JDE business error as the AIS error body carries it (CODE, TITLE, DESC). <see cref="Line"/> is the zero-based
/// GridData row, null for header errors.
/// </summary>
public sealed record JdeBusinessError(JdeAdjustmentErrorKind Kind, string Code, string Title, string Description, int? Line);

/// <summary>A written inventory document: its number, type, company and batch, and the ledger rows it wrote.</summary>
public sealed record JdePosting(
    int DocumentNumber,
    string DocumentType,
    string Company,
    int BatchNumber,
    string BranchPlant,
    string Explanation,
    DateOnly GlDate,
    DateOnly TransactionDate,
    IReadOnlyList<JdeLedgerRow> Rows);

/// <summary>Either a posting or the business errors that refused the whole call (nothing is written then).</summary>
public sealed record JdeAdjustmentResult(JdePosting? Posting, IReadOnlyList<JdeBusinessError> Errors)
{
    public bool IsSuccess => Posting is not null;
}
