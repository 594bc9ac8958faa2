namespace BakeryOps.Domain.Analytics;

/// <summary>
/// A named pivot view a user saved: its spec (as the JSON of the pivot API, plus how it is shown) and whether everyone
/// sees it. Its owner may change or delete it; Admins may delete shared ones.
/// </summary>
public sealed class SavedPivotView
{
    public const int MaxNameLength = 100;
    public const int MaxSpecLength = 16_000;

    public required string Id { get; init; }
    public required string Name { get; set; }
    public required string Owner { get; init; }
    public bool Shared { get; set; }

    /// <summary>The pivot's spec as the query string of the pivot page (the same text a bookmark holds).</summary>
    public required string Query { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}
