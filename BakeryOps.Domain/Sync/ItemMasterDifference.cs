namespace BakeryOps.Domain.Sync;

/// <summary>What the item master review shows for an item: JD Edwards has it and the bakery not, it differs, or it is gone.</summary>
public enum ItemMasterChange
{
    /// <summary>JD Edwards lists the item for the branch and no product of the facility is linked to it.</summary>
    New,

    /// <summary>A product is linked to the item and at least one attribute differs.</summary>
    Changed,

    /// <summary>A product is linked to an item JD Edwards no longer lists for the branch (in the synced G/L classes).</summary>
    Gone,
}

/// <summary>One attribute side by side: JD Edwards' value and the bakery's (null where the bakery has no product).</summary>
public sealed record ItemAttributeDifference(string Attribute, string Jde, string? Bakery);

/// <summary>
/// One row of the item master review. <see cref="Item"/> is the key the apply takes: the 2nd item number (LITM), or
/// for a gone product linked by short item number only, that number. <see cref="BlockedReason"/> says in words why the
/// row cannot be applied until something is fixed; null when it can.
/// </summary>
public sealed record ItemMasterDifference(
    string Item,
    int? ShortItemNumber,
    ItemMasterChange Change,
    string? ProductId,
    string? ProductName,
    IReadOnlyList<ItemAttributeDifference> Attributes,
    string? BlockedReason);
