namespace BakeryOps.Domain.Inventory;

/// <summary>A stocked item of one facility, in the seed's shape, with its link to the JD Edwards item.</summary>
public sealed class Product
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxCategoryLength = 100;

    public required string Id { get; init; }
    public required string FacilityId { get; init; }
    public required string ProductName { get; set; }
    public string Description { get; set; } = "";
    public string ProductCategory { get; set; } = "Ingredient";

    /// <summary>The unit on-hand is kept in; a catalogue code.</summary>
    public required string InventoryUnit { get; set; }

    public bool Archived { get; set; }

    /// <summary>JDE short item number (F4101 ITM).</summary>
    public int? JdeShortItemNumber { get; set; }

    /// <summary>JDE 2nd item number (F4101 LITM).</summary>
    public string? JdeSecondItemNumber { get; set; }

    /// <summary>JDE branch/plant (MCU), unpadded.</summary>
    public string? JdeBranchPlant { get; set; }

    public List<ProductUnitConversion> Conversions { get; set; } = [];

    /// <summary>The sum of every movement's effect, in <see cref="InventoryUnit"/>.</summary>
    public decimal OnHand { get; set; }

    /// <summary>Guards the descriptive fields against lost updates; movements do not change it.</summary>
    public int Version { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Only possible where the facility allows negative on-hand; shown as a flag.</summary>
    public bool IsBelowZero => OnHand < 0;
}
