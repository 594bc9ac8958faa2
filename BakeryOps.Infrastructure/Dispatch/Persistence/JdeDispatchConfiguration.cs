using BakeryOps.Domain.Dispatch;
using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Inventory;
using BakeryOps.Infrastructure.Inventory.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BakeryOps.Infrastructure.Dispatch.Persistence;

internal sealed class JdeDispatchConfiguration : IEntityTypeConfiguration<JdeDispatch>
{
    public void Configure(EntityTypeBuilder<JdeDispatch> builder)
    {
        builder.ToTable("jde_dispatches");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(d => d.Key).HasColumnName("idempotency_key").HasMaxLength(JdeDispatch.KeyLength);
        builder.Property(d => d.FacilityId).HasColumnName("facility_id").HasMaxLength(Facility.MaxIdLength);
        builder.Property(d => d.MovementId).HasColumnName("movement_id").HasMaxLength(64);
        builder.Property(d => d.ProductId).HasColumnName("product_id").HasMaxLength(64);
        builder.Property(d => d.ProductName).HasColumnName("product_name").HasMaxLength(Product.MaxNameLength);
        builder.Property(d => d.MovementType).HasColumnName("movement_type").HasMaxLength(20);
        builder.Property(d => d.MovedAt).HasColumnName("moved_at");
        builder.Property(d => d.MovementDate).HasColumnName("movement_date");
        builder.Property(d => d.BatchNumber).HasColumnName("batch_number").HasMaxLength(Batch.MaxNumberLength);
        builder.Property(d => d.VesselCode).HasColumnName("vessel_code").HasMaxLength(Movement.MaxCodeLength);
        builder.Property(d => d.InventoryQuantity).HasColumnName("inventory_quantity").HasPrecision(InventoryPrecision.Precision, InventoryPrecision.Scale);
        builder.Property(d => d.InventoryUnit).HasColumnName("inventory_unit").HasMaxLength(8);
        builder.Property(d => d.ItemNumber).HasColumnName("item_number").HasMaxLength(25);
        builder.Property(d => d.ShortItemNumber).HasColumnName("short_item_number");
        builder.Property(d => d.BranchPlant).HasColumnName("branch_plant").HasMaxLength(12);
        builder.Property(d => d.DocumentType).HasColumnName("document_type").HasMaxLength(2);
        builder.Property(d => d.Lot).HasColumnName("lot").HasMaxLength(Batch.MaxNumberLength);
        builder.Property(d => d.Quantity).HasColumnName("quantity").HasPrecision(InventoryPrecision.Precision, InventoryPrecision.Scale);
        builder.Property(d => d.Unit).HasColumnName("unit").HasMaxLength(8);
        builder.Property(d => d.Problem).HasColumnName("problem").HasMaxLength(1000);
        builder.Property(d => d.State).HasColumnName("state").HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.NeedsSecondApprover).HasColumnName("needs_second_approver");
        builder.Property(d => d.EditedBy).HasColumnName("edited_by").HasMaxLength(256);
        builder.Property(d => d.EditedAt).HasColumnName("edited_at");
        builder.Property(d => d.FirstApprovedBy).HasColumnName("first_approved_by").HasMaxLength(256);
        builder.Property(d => d.FirstApprovedAt).HasColumnName("first_approved_at");
        builder.Property(d => d.ApprovedBy).HasColumnName("approved_by").HasMaxLength(256);
        builder.Property(d => d.ApprovedAt).HasColumnName("approved_at");
        builder.Property(d => d.RejectedBy).HasColumnName("rejected_by").HasMaxLength(256);
        builder.Property(d => d.RejectedAt).HasColumnName("rejected_at");
        builder.Property(d => d.RejectReason).HasColumnName("reject_reason").HasMaxLength(JdeDispatch.MaxReasonLength);
        builder.Property(d => d.Attempts).HasColumnName("attempts");
        builder.Property(d => d.NextAttemptAt).HasColumnName("next_attempt_at");
        builder.Property(d => d.Stamp).HasColumnName("stamp").IsConcurrencyToken();
        builder.Property(d => d.ClaimedUntil).HasColumnName("claimed_until");
        builder.Property(d => d.OutcomeUnknown).HasColumnName("outcome_unknown");
        builder.Property(d => d.DocumentNumber).HasColumnName("document_number");
        builder.Property(d => d.DocumentCompany).HasColumnName("document_company").HasMaxLength(5);
        builder.Property(d => d.PostedAt).HasColumnName("posted_at");
        builder.Property(d => d.ConfirmedAt).HasColumnName("confirmed_at");
        builder.Property(d => d.LedgerUkid).HasColumnName("ledger_ukid");
        builder.Property(d => d.LastError).HasColumnName("last_error").HasMaxLength(2000);
        builder.Property(d => d.CreatedAt).HasColumnName("created_at");
        builder.Property(d => d.UpdatedAt).HasColumnName("updated_at");
        builder.Ignore(d => d.Explanation);

        builder.HasOne<Facility>().WithMany().HasForeignKey(d => d.FacilityId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Movement>().WithMany().HasForeignKey(d => d.MovementId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(d => d.Key).IsUnique();
        builder.HasIndex(d => d.MovementId).IsUnique();
        builder.HasIndex(d => new { d.FacilityId, d.State, d.MovedAt });
        builder.HasIndex(d => new { d.State, d.NextAttemptAt });
    }
}
