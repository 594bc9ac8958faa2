namespace BakeryOps.Domain.Inventory;

/// <summary>A stocked item of one facility, in the seed's shape, with its link to the JD Edwards item.</summary>
public sealed class Product
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxCategoryLength = 100;
    public const int MaxStockingTypeLength = 1;
    public const int MaxGlClassLength = 4;
    public const int MaxShelfLifeDays = 36_500;

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

    /// <summary>JDE stocking type (F4102 STKT, UDC 41/I: P purchased, M manufactured, S stock, O obsolete …), or null.</summary>
    public string? StockingType { get; set; }

    /// <summary>JDE G/L class (F4102 GLPT, such as WA01), or null.</summary>
    public string? GlClass { get; set; }

    /// <summary>Whether stock is kept by lot (JDE lot process type set); the sync puts such an item's rows in their lots.</summary>
    public bool LotControlled { get; set; }

    /// <summary>Days a batch keeps from its receipt (F4101 SLD), or null when it does not expire.</summary>
    public int? ShelfLifeDays { get; set; }

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
