namespace BakeryOps.Infrastructure.Jde.Simulator;

/// <summary>
/// One item-ledger (F4111) row as the cardex orchestration returns it. MCU is unpadded here: padding to 12 characters
/// is a rendering concern of the AIS endpoints. F4111 has no UPMJ, so "changed since" filters use CRDJ (+ TDAY).
/// </summary>
public sealed record JdeLedgerRow(
    long Ukid,
    int Itm,
    string Litm,
    string Mcu,
    string Locn,
    string Lotn,
    string Kco,
    int Doc,
    string Dct,
    int Batch,
    DateOnly Trdj,
    DateOnly Dgl,
    DateOnly Crdj,
    int Tday,
    decimal Trqt,
    string Trum,
    decimal? Uncs,
    decimal? Paid,
    string Glpt,
    string Trex,
    string Dsc1,
    string Uom1);

/// <summary>A page of ledger rows; <see cref="MoreRecords"/> is AIS's only truncation signal (summary.moreRecords).</summary>
public sealed record JdeLedgerPage(IReadOnlyList<JdeLedgerRow> Rows, bool MoreRecords);

/// <summary>
/// On-hand (F41021 PQOH) of one item, branch, location and lot in the item's primary unit. <c>Upmj</c> is the date
/// its latest ledger row was written, null while it has none.
/// </summary>
public sealed record JdeBalance(int Itm, string Litm, string Mcu, string Locn, string Lotn, string Unit, decimal Quantity, DateOnly? Upmj = null);

/// <summary>A page of item balances; <see cref="MoreRecords"/> is AIS's only truncation signal (summary.moreRecords).</summary>
public sealed record JdeBalancePage(IReadOnlyList<JdeBalance> Rows, bool MoreRecords);

/// <summary>One item-branch row (F4102 joined to F4101, the V564102A view of the item-master orchestration).</summary>
public sealed record JdeItemBranchRow(
    int Itm,
    string Litm,
    string Aitm,
    string Mcu,
    string Dsc1,
    string Dsc2,
    string Uom1,
    string Stkt,
    string Glpt,
    string Lnty,
    string Srp1,
    string Srce,
    int? Sld,
    DateOnly Upmj);

/// <summary>A page of item-branch rows; <see cref="MoreRecords"/> is AIS's only truncation signal (summary.moreRecords).</summary>
public sealed record JdeItemBranchPage(IReadOnlyList<JdeItemBranchRow> Rows, bool MoreRecords);
