using System.Text.Json.Serialization;
using BakeryOps.Domain.Dispatch;

namespace BakeryOps.Infrastructure.Dispatch;

/// <summary>
/// A pending or past posting as <c>/data/bakery_ops_to_jde_actions</c> and the review pages show it: the seed's
/// fields (key, product_name, batch_number, lot_code, quantity, unit, vessel_id, action_date, already_dispatched)
/// with the state, JD Edwards' figures and what happened.
/// </summary>
public sealed record DispatchActionView(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("facility_id")] string FacilityId,
    [property: JsonPropertyName("movement_id")] string MovementId,
    [property: JsonPropertyName("movement_type")] string MovementType,
    [property: JsonPropertyName("product_id")] string ProductId,
    [property: JsonPropertyName("product_name")] string ProductName,
    [property: JsonPropertyName("batch_number")] string? BatchNumber,
    [property: JsonPropertyName("lot_code")] string LotCode,
    [property: JsonPropertyName("quantity")] decimal Quantity,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("inventory_quantity")] decimal InventoryQuantity,
    [property: JsonPropertyName("inventory_unit")] string InventoryUnit,
    [property: JsonPropertyName("vessel_id")] string? VesselId,
    [property: JsonPropertyName("action_date")] DateOnly ActionDate,
    [property: JsonPropertyName("moved_at")] DateTimeOffset MovedAt,
    [property: JsonPropertyName("item_number")] string ItemNumber,
    [property: JsonPropertyName("branch_plant")] string BranchPlant,
    [property: JsonPropertyName("document_type")] string DocumentType,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("already_dispatched")] bool AlreadyDispatched,
    [property: JsonPropertyName("problem")] string? Problem,
    [property: JsonPropertyName("needs_second_approver")] bool NeedsSecondApprover,
    [property: JsonPropertyName("first_approved_by")] string? FirstApprovedBy,
    [property: JsonPropertyName("approved_by")] string? ApprovedBy,
    [property: JsonPropertyName("rejected_by")] string? RejectedBy,
    [property: JsonPropertyName("reject_reason")] string? RejectReason,
    [property: JsonPropertyName("edited_by")] string? EditedBy,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonPropertyName("outcome_unknown")] bool OutcomeUnknown,
    [property: JsonPropertyName("document_number")] long? DocumentNumber,
    [property: JsonPropertyName("posted_at")] DateTimeOffset? PostedAt,
    [property: JsonPropertyName("confirmed_at")] DateTimeOffset? ConfirmedAt,
    [property: JsonPropertyName("last_error")] string? LastError)
{
    public static DispatchActionView From(JdeDispatch d) => new(
        d.Key, d.FacilityId, d.MovementId, d.MovementType, d.ProductId, d.ProductName, d.BatchNumber, d.Lot, d.Quantity, d.Unit,
        d.InventoryQuantity, d.InventoryUnit, d.VesselCode, d.MovementDate, d.MovedAt, d.ItemNumber, d.BranchPlant, d.DocumentType,
        d.State.Name(), d.State is DispatchState.Posted or DispatchState.Confirmed, d.Problem, d.NeedsSecondApprover, d.FirstApprovedBy,
        d.ApprovedBy, d.RejectedBy, d.RejectReason, d.EditedBy, d.Attempts, d.OutcomeUnknown, d.DocumentNumber, d.PostedAt, d.ConfirmedAt,
        d.LastError);
}

/// <summary>The <c>JDE_INVENTORY_ADJUSTMENTS</c> input of one posting, in JD Edwards' field names.</summary>
public sealed record DispatchPayload(
    [property: JsonPropertyName("Branch_Plant")] string BranchPlant,
    [property: JsonPropertyName("Document_Type")] string DocumentType,
    [property: JsonPropertyName("Explanation")] string Explanation,
    [property: JsonPropertyName("G_L_Date")] string GlDate,
    [property: JsonPropertyName("Transaction_Date")] string TransactionDate,
    [property: JsonPropertyName("GridData")] IReadOnlyList<DispatchPayloadLine> GridData);

public sealed record DispatchPayloadLine(
    [property: JsonPropertyName("Item_Number")] string ItemNumber,
    [property: JsonPropertyName("Quantity")] string Quantity,
    [property: JsonPropertyName("UM")] string Unit,
    [property: JsonPropertyName("LOTN")] string Lot);

/// <summary>A prepared posting: the action, its payload, and what keeps it from being sent (null when nothing).</summary>
public sealed record PreparedDispatch(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("action")] DispatchActionView Action,
    [property: JsonPropertyName("jde_payload")] DispatchPayload Payload,
    [property: JsonPropertyName("problem")] string? Problem);

/// <summary>What became of one key in a dispatch call.</summary>
public sealed record DispatchResult(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("jde_document_number")] long? DocumentNumber,
    [property: JsonPropertyName("error")] string? Error);

/// <summary>The seed's dispatch answer: <c>{total_processed, successful, failed, results[]}</c>.</summary>
public sealed record DispatchSummary(
    [property: JsonPropertyName("total_processed")] int TotalProcessed,
    [property: JsonPropertyName("successful")] int Successful,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("results")] IReadOnlyList<DispatchResult> Results);

/// <summary>A reviewer's change to a posting: the quantity in JD Edwards' unit and the lot.</summary>
public sealed record DispatchEdit(decimal Quantity, string? Lot);

/// <summary>Filters of the action list.</summary>
public sealed record DispatchQuery(string? FacilityId = null, string? State = null, string? Search = null);
