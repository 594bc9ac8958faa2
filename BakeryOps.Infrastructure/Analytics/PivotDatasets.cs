using BakeryOps.Domain.Analytics;
using BakeryOps.Domain.Dispatch;
using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Reconciliation;
using BakeryOps.Domain.Sync;
using BakeryOps.Infrastructure.Reconciliation;

namespace BakeryOps.Infrastructure.Analytics;

/// <summary>
/// The datasets a pivot may read and their fields. Every expression here is fixed text over the product's own tables;
/// callers only ever choose among these names.
/// </summary>
public static class PivotDatasets
{
    private const string Products = "p";

    public static readonly IReadOnlyList<PivotDataset> All =
    [
        new("movements", "Movements",
            "Every recorded change of stock, quantity in the product's inventory unit (negative for usage and waste).",
            "bakery_ops_movements m", "adjustmentDate",
            [new(Products, "LEFT JOIN bakery_ops_products p ON p.id = m.product_id")],
            [
                Text("id", "Movement", "m.id"),
                Text("facilityId", "Facility", "m.facility_id"),
                Text("productId", "Product id", "m.product_id"),
                Text("productName", "Product", "p.product_name", Products),
                Text("category", "Category", "p.product_category", Products),
                Enum<MovementType>("movementType", "Movement type", "m.adjustment_type", t => t.Code()),
                Enum<MovementSource>("source", "Source", "m.source", s => s.ToString().ToUpperInvariant()),
                Text("lotNumber", "Lot", "m.lot_number"),
                Text("batchNumber", "Batch", "m.batch_number"),
                Text("vesselCode", "Vessel", "m.vessel_code"),
                Number("quantity", "Quantity entered", "m.quantity"),
                Text("unit", "Unit entered", "m.unit"),
                Number("inventoryQuantity", "Quantity (inventory unit)", "m.inventory_quantity"),
                Text("inventoryUnit", "Inventory unit", "p.inventory_unit", Products),
                Instant("adjustmentDate", "Date", "m.adjustment_date"),
                Text("createdBy", "Recorded by", "m.created_by"),
                Instant("createdAt", "Recorded at", "m.created_at"),
                Integer("jdeShortItemNumber", "JDE item", "p.jde_short_item_number", Products),
            ]),
        new("products", "Products", "Each product with its on-hand in its inventory unit.",
            "bakery_ops_products p", "createdAt", [],
            [
                Text("productId", "Product id", "p.id"),
                Text("productName", "Product", "p.product_name"),
                Text("category", "Category", "p.product_category"),
                Text("facilityId", "Facility", "p.facility_id"),
                Text("inventoryUnit", "Inventory unit", "p.inventory_unit"),
                Number("onHand", "On hand", "p.on_hand"),
                Boolean("archived", "Archived", "p.archived"),
                Boolean("lotControlled", "Lot controlled", "p.lot_controlled"),
                Text("stockingType", "Stocking type", "p.stocking_type"),
                Text("glClass", "G/L class", "p.gl_class"),
                Integer("jdeShortItemNumber", "JDE item", "p.jde_short_item_number"),
                Text("jdeSecondItemNumber", "JDE 2nd item", "p.jde_second_item_number"),
                Integer("shelfLifeDays", "Shelf life (days)", "p.shelf_life_days"),
                Instant("createdAt", "Created", "p.created_at"),
                Instant("updatedAt", "Updated", "p.updated_at"),
            ]),
        new("batches", "Batches", "Each batch's on-hand in its product's unit, with lot and expiry.",
            "bakery_ops_batches b", "expiryDate",
            [new(Products, "LEFT JOIN bakery_ops_products p ON p.id = b.product_id")],
            [
                Text("batchNumber", "Batch", "b.batch_number"),
                Text("lotNumber", "Lot", "b.lot_number"),
                Text("productId", "Product id", "b.product_id"),
                Text("productName", "Product", "p.product_name", Products),
                Text("category", "Category", "p.product_category", Products),
                Text("facilityId", "Facility", "b.facility_id"),
                Text("inventoryUnit", "Inventory unit", "p.inventory_unit", Products),
                Number("quantityOnHand", "On hand", "b.quantity_on_hand"),
                Date("expiryDate", "Expiry", "b.expiry_date"),
                Text("vesselCode", "Vessel", "b.vessel_code"),
                Instant("createdAt", "Created", "b.created_at"),
            ]),
        new("reconciliation", "Reconciliation snapshots",
            "Every stored reconciliation line: JD Edwards against bakery stock, both in the line's unit.",
            "reconciliation_rows r", "computedAt",
            [new("u", "JOIN reconciliation_runs u ON u.id = r.run_id")],
            [
                new PivotField { Name = "runId", Label = "Snapshot", Type = PivotFieldType.Text, PostgresSql = "CAST(r.run_id AS text)", SqliteSql = "lower(r.run_id)" },
                Text("facilityId", "Facility", "r.facility_id"),
                Instant("computedAt", "Computed at", "u.computed_at", "u"),
                Text("productId", "Product id", "r.product_id"),
                Text("productName", "Product", "r.product_name"),
                Text("category", "Category", "r.category"),
                Integer("shortItemNumber", "JDE item", "r.short_item_number"),
                Text("secondItemNumber", "JDE 2nd item", "r.second_item_number"),
                Text("lot", "Lot", "r.lot"),
                Enum<ReconciliationLevel>("level", "Level", "r.level", ReconciliationCodes.Of),
                Enum<ReconciliationStatus>("status", "Status", "r.status", ReconciliationCodes.Of),
                Text("unit", "Unit", "r.unit"),
                Number("jdeQuantity", "JDE quantity", "r.jde_quantity"),
                Number("bakeryQuantity", "Bakery quantity", "r.bakery_quantity"),
                Number("variance", "Variance", "r.variance"),
                Number("variancePercent", "Variance %", "r.variance_percent"),
                Number("jdeInFlight", "JDE in flight", "r.jde_in_flight"),
                Number("bakeryInFlight", "Bakery in flight", "r.bakery_in_flight"),
                Boolean("ledgerDrift", "Ledger drift", "r.ledger_drift"),
            ]),
        new("cardex", "JDE ledger mirror", "Every JD Edwards item ledger (F4111) row mirrored by the sync, with what the sync did with it.",
            "jde_cardex c", "transactionDate", [],
            [
                Text("facilityId", "Facility", "c.facility_id"),
                Integer("ukid", "Ledger key", "c.ukid"),
                Integer("shortItemNumber", "JDE item", "c.short_item_number"),
                Text("secondItemNumber", "JDE 2nd item", "c.second_item_number"),
                Text("businessUnit", "Branch/plant", "c.business_unit"),
                Text("location", "Location", "c.location"),
                Text("lot", "Lot", "c.lot"),
                Text("documentType", "Document type", "c.document_type"),
                Integer("documentNumber", "Document", "c.document_number"),
                Date("transactionDate", "Transaction date", "c.transaction_date"),
                Instant("writtenAt", "Written in JDE", "c.written_at"),
                Number("quantity", "Quantity", "c.quantity"),
                Text("unit", "Unit", "c.unit"),
                Enum<CardexOutcome>("outcome", "Outcome", "c.outcome", o => o.ToString().ToLowerInvariant()),
                Boolean("backDated", "Back-dated", "c.back_dated"),
                Instant("mirroredAt", "Mirrored at", "c.mirrored_at"),
            ]),
        new("syncRuns", "Job runs", "Every run of a background job: status, trigger and duration.",
            "sync_runs s", "startedAt", [],
            [
                Text("job", "Job", "s.job"),
                Text("facilityId", "Facility", "s.facility_id"),
                Text("status", "Status", "s.status"),
                Text("trigger", "Trigger", "s.trigger"),
                Text("node", "Node", "s.node"),
                Instant("startedAt", "Started", "s.started_at"),
                Instant("finishedAt", "Finished", "s.finished_at"),
                new PivotField
                {
                    Name = "durationSeconds", Label = "Duration (s)", Type = PivotFieldType.Number,
                    PostgresSql = "EXTRACT(EPOCH FROM (s.finished_at - s.started_at))",
                    // Ticks are tenths of a microsecond; a Number on SQLite is millionths.
                    SqliteSql = "((s.finished_at - s.started_at) / 10)",
                },
            ]),
        new("dispatches", "Postings to JD Edwards", "Every bakery movement planned for JD Edwards and where its posting stands.",
            "jde_dispatches d", "movedAt", [],
            [
                Text("key", "Key", "d.idempotency_key"),
                Text("facilityId", "Facility", "d.facility_id"),
                Text("productId", "Product id", "d.product_id"),
                Text("productName", "Product", "d.product_name"),
                Text("movementType", "Movement type", "d.movement_type"),
                Text("documentType", "Document type", "d.document_type"),
                Enum<DispatchState>("state", "State", "d.state", s => s.Name()),
                Number("quantity", "Quantity (JDE unit)", "d.quantity"),
                Text("unit", "JDE unit", "d.unit"),
                Number("inventoryQuantity", "Quantity (inventory unit)", "d.inventory_quantity"),
                Text("inventoryUnit", "Inventory unit", "d.inventory_unit"),
                Integer("attempts", "Attempts", "d.attempts"),
                Instant("movedAt", "Moved at", "d.moved_at"),
                Instant("createdAt", "Planned at", "d.created_at"),
                Instant("approvedAt", "Approved at", "d.approved_at"),
                Instant("postedAt", "Posted at", "d.posted_at"),
                Instant("confirmedAt", "Confirmed at", "d.confirmed_at"),
            ]),
    ];

    public static PivotDataset? Find(string? name) =>
        name is null ? null : All.FirstOrDefault(d => string.Equals(d.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    private static PivotField Text(string name, string label, string sql, string? join = null) => Field(name, label, PivotFieldType.Text, sql, join);

    private static PivotField Number(string name, string label, string sql, string? join = null) => Field(name, label, PivotFieldType.Number, sql, join);

    private static PivotField Integer(string name, string label, string sql, string? join = null) => Field(name, label, PivotFieldType.Integer, sql, join);

    private static PivotField Instant(string name, string label, string sql, string? join = null) => Field(name, label, PivotFieldType.Instant, sql, join);

    private static PivotField Date(string name, string label, string sql, string? join = null) => Field(name, label, PivotFieldType.Date, sql, join);

    private static PivotField Boolean(string name, string label, string sql, string? join = null) => Field(name, label, PivotFieldType.Boolean, sql, join);

    private static PivotField Enum<T>(string name, string label, string sql, Func<T, string> code)
        where T : struct, System.Enum =>
        Field(name, label, PivotFieldType.Text, sql, null) with
        {
            Codes = System.Enum.GetValues<T>().ToDictionary(v => v.ToString(), code, StringComparer.Ordinal),
        };

    private static PivotField Field(string name, string label, PivotFieldType type, string sql, string? join) =>
        new() { Name = name, Label = label, Type = type, PostgresSql = sql, SqliteSql = sql, Join = join };
}
