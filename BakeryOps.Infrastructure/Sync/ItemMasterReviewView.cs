using System.Text.Json.Serialization;
using BakeryOps.Domain.Sync;

namespace BakeryOps.Infrastructure.Sync;

/// <summary>
/// A facility's item master review: the differences between the JD Edwards item master (as last pulled) and its
/// products, with what the sync is set to do on its own.
/// </summary>
public sealed record ItemMasterReviewView(
    [property: JsonPropertyName("facility")] string Facility,
    [property: JsonPropertyName("branch")] string BusinessUnit,
    [property: JsonPropertyName("glClasses")] IReadOnlyList<string> GlClasses,
    [property: JsonPropertyName("autoApply")] bool AutoApply,
    [property: JsonPropertyName("lastPulledAt")] DateTimeOffset? LastPulledAt,
    [property: JsonPropertyName("items")] IReadOnlyList<ItemMasterDifferenceView> Items);

/// <summary>One review row: <c>item</c> is the key <c>POST /jobs/item-master/apply</c> takes (the 2nd item number).</summary>
public sealed record ItemMasterDifferenceView(
    [property: JsonPropertyName("item")] string Item,
    [property: JsonPropertyName("shortItemNumber")] int? ShortItemNumber,
    [property: JsonPropertyName("change")] string Change,
    [property: JsonPropertyName("productId")] string? ProductId,
    [property: JsonPropertyName("productName")] string? ProductName,
    [property: JsonPropertyName("attributes")] IReadOnlyList<ItemAttributeView> Attributes,
    [property: JsonPropertyName("blockedReason")] string? BlockedReason)
{
    public bool CanApply => BlockedReason is null;

    public static ItemMasterDifferenceView From(ItemMasterDifference difference) => new(
        difference.Item, difference.ShortItemNumber, Code(difference.Change), difference.ProductId, difference.ProductName,
        difference.Attributes.Select(a => new ItemAttributeView(a.Attribute, a.Jde, a.Bakery)).ToList(), difference.BlockedReason);

    public static string Code(ItemMasterChange change) => change switch
    {
        ItemMasterChange.New => "new",
        ItemMasterChange.Changed => "changed",
        ItemMasterChange.Gone => "gone",
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, null),
    };
}

/// <summary>An attribute side by side; <c>bakery</c> is null for a new item (no product yet).</summary>
public sealed record ItemAttributeView(
    [property: JsonPropertyName("attribute")] string Attribute,
    [property: JsonPropertyName("jde")] string Jde,
    [property: JsonPropertyName("bakery")] string? Bakery);

/// <summary>What an apply did: the products created, updated and archived (ids), by item.</summary>
public sealed record ItemMasterApplyResult(
    [property: JsonPropertyName("facility")] string Facility,
    [property: JsonPropertyName("runId")] Guid RunId,
    [property: JsonPropertyName("created")] IReadOnlyList<AppliedItemView> Created,
    [property: JsonPropertyName("updated")] IReadOnlyList<AppliedItemView> Updated,
    [property: JsonPropertyName("archived")] IReadOnlyList<AppliedItemView> Archived);

public sealed record AppliedItemView(
    [property: JsonPropertyName("item")] string Item,
    [property: JsonPropertyName("productId")] string ProductId);
