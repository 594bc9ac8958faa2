using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BakeryOps.Infrastructure.Inventory.Persistence;

internal sealed class MovementConfiguration : IEntityTypeConfiguration<Movement>
{
    public void Configure(EntityTypeBuilder<Movement> builder)
    {
        builder.ToTable("bakery_ops_movements");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).HasColumnName("id").HasMaxLength(64);
        builder.Property(m => m.FacilityId).HasColumnName("facility_id").HasMaxLength(Facility.MaxIdLength);
        builder.Property(m => m.ProductId).HasColumnName("product_id").HasMaxLength(64);
        builder.Property(m => m.BatchNumber).HasColumnName("batch_number").HasMaxLength(Batch.MaxNumberLength);
        builder.Property(m => m.LotNumber).HasColumnName("lot_number").HasMaxLength(Batch.MaxNumberLength);
        builder.Property(m => m.VesselCode).HasColumnName("vessel_code").HasMaxLength(Movement.MaxCodeLength);
        builder.Property(m => m.Quantity).HasColumnName("quantity").HasPrecision(InventoryPrecision.Precision, InventoryPrecision.Scale);
        builder.Property(m => m.Unit).HasColumnName("unit").HasMaxLength(8);
        builder.Property(m => m.InventoryQuantity).HasColumnName("inventory_quantity").HasPrecision(InventoryPrecision.Precision, InventoryPrecision.Scale);
        builder.Property(m => m.Type).HasColumnName("adjustment_type").HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.Reason).HasColumnName("reason").HasMaxLength(Movement.MaxReasonLength);
        builder.Property(m => m.AdjustmentDate).HasColumnName("adjustment_date");
        builder.Property(m => m.Source).HasColumnName("source").HasConversion<string>().HasMaxLength(10);
        builder.Property(m => m.JdeLedgerKey).HasColumnName("jde_ledger_key").HasMaxLength(64);
        builder.Property(m => m.CreatedBy).HasColumnName("created_by").HasMaxLength(256);
        builder.Property(m => m.CreatedAt).HasColumnName("created_at");

        builder.HasOne<Product>().WithMany().HasForeignKey(m => m.ProductId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(m => new { m.FacilityId, m.AdjustmentDate });
        builder.HasIndex(m => new { m.ProductId, m.AdjustmentDate });
        builder.HasIndex(m => new { m.FacilityId, m.JdeLedgerKey }).IsUnique();
    }
}
