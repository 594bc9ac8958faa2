namespace BakeryOps.Domain.Sync;

/// <summary>
/// The mirror of one JD Edwards item-branch row (F4102 joined to F4101) as a facility's last item master pull read it,
/// keyed by the short item number. A row that a complete pull no longer lists stays, with <see cref="MissingSince"/>
/// set, so the review can show the product linked to it as gone from JD Edwards.
/// </summary>
public sealed class JdeItemMasterEntry
{
    public const int MaxItemLength = 25;
    public const int MaxDescriptionLength = 30;
    public const int MaxCodeLength = 4;
    public const int MaxAppliedByLength = 256;

    public required string FacilityId { get; init; }

    /// <summary>F4102 ITM.</summary>
    public int ShortItemNumber { get; init; }

    /// <summary>F4102 LITM, the 2nd item number the review and the apply name items by.</summary>
    public required string SecondItemNumber { get; set; }

    /// <summary>F4102 AITM.</summary>
    public required string ThirdItemNumber { get; set; }

    /// <summary>F4102 MCU, unpadded.</summary>
    public required string BusinessUnit { get; set; }

    /// <summary>F4101 DSC1.</summary>
    public required string Description { get; set; }

    /// <summary>F4101 DSC2.</summary>
    public required string Description2 { get; set; }

    /// <summary>F4101 UOM1, as JD Edwards spells it (LT, CS …).</summary>
    public required string PrimaryUnit { get; set; }

    /// <summary>F4102 STKT.</summary>
    public required string StockingType { get; set; }

    /// <summary>F4102 GLPT.</summary>
    public required string GlClass { get; set; }

    /// <summary>F4102 LNTY.</summary>
    public required string LineType { get; set; }

    /// <summary>F4102 SRCE, the lot process type: blank or 0 when the item is not lot-controlled.</summary>
    public required string LotProcessType { get; set; }

    /// <summary>F4101 SLD.</summary>
    public int? ShelfLifeDays { get; set; }

    /// <summary>F4101 UPMJ, when JD Edwards last changed the item.</summary>
    public DateOnly? UpdatedDate { get; set; }

    /// <summary>The last run that read the row from JD Edwards.</summary>
    public Guid RunId { get; set; }

    public DateTimeOffset SeenAt { get; set; }

    /// <summary>When a complete pull first did not list the item any more; null while JD Edwards lists it.</summary>
    public DateTimeOffset? MissingSince { get; set; }

    /// <summary>When its difference was last applied to the bakery's product, by whom and in which run.</summary>
    public DateTimeOffset? AppliedAt { get; set; }

    public string? AppliedBy { get; set; }
    public Guid? AppliedRunId { get; set; }

    /// <summary>Whether the item is kept by lot in JD Edwards: a lot process type other than blank or 0.</summary>
    public bool LotControlled => LotProcessType.Trim() is { Length: > 0 } type && type != "0";
}
