using BakeryOps.Infrastructure.Jde.Client;
using BakeryOps.Infrastructure.Lake.Writing;

namespace BakeryOps.Infrastructure.Sync;

/// <summary>A row of <c>item_master</c>: one item-branch row an item master run pulled from JD Edwards, with the run's id.</summary>
public sealed record ItemMasterRecord(
    Guid RunId,
    string FacilityId,
    string GlClassPulled,
    JdeItemMasterRow Row,
    DateTimeOffset PulledAt)
{
    public const string Dataset = "item_master";

    public static LakeTable<ItemMasterRecord> Table { get; } = new LakeTable<ItemMasterRecord>(Dataset)
        .String("run_id", r => r.RunId.ToString(), nullable: false)
        .String("facility_id", r => r.FacilityId, nullable: false)
        .String("gl_class_pulled", r => r.GlClassPulled, nullable: false)
        .Int32("short_item_number", r => r.Row.ShortItemNumber)
        .String("second_item_number", r => r.Row.SecondItemNumber, nullable: false)
        .String("third_item_number", r => r.Row.ThirdItemNumber, nullable: false)
        .String("business_unit", r => r.Row.BusinessUnit, nullable: false)
        .String("stocking_type", r => r.Row.StockingType, nullable: false)
        .String("gl_class", r => r.Row.GlClass, nullable: false)
        .String("line_type", r => r.Row.LineType, nullable: false)
        .String("lot_process_type", r => r.Row.LotProcessType, nullable: false)
        .String("description", r => r.Row.Description, nullable: false)
        .String("description2", r => r.Row.Description2, nullable: false)
        .String("primary_unit", r => r.Row.PrimaryUnit, nullable: false)
        .String("sales_category1", r => r.Row.SalesCategory1, nullable: false)
        .Int32("shelf_life_days", r => r.Row.ShelfLifeDays)
        .Date("updated_date", r => r.Row.UpdatedDate)
        .Timestamp("pulled_at", r => r.PulledAt);
}
