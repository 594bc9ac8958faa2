using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BakeryOps.Infrastructure.Inventory.Persistence;

internal sealed class BatchConfiguration : IEntityTypeConfiguration<Batch>
{
    public void Configure(EntityTypeBuilder<Batch> builder)
    {
        builder.ToTable("bakery_ops_batches");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).HasColumnName("id").HasMaxLength(64);
        builder.Property(b => b.FacilityId).HasColumnName("facility_id").HasMaxLength(Facility.MaxIdLength);
        builder.Property(b => b.ProductId).HasColumnName("product_id").HasMaxLength(64);
        builder.Property(b => b.BatchNumber).HasColumnName("batch_number").HasMaxLength(Batch.MaxNumberLength);
        builder.Property(b => b.LotNumber).HasColumnName("lot_number").HasMaxLength(Batch.MaxNumberLength);
        builder.Property(b => b.QuantityOnHand).HasColumnName("quantity_on_hand").HasPrecision(InventoryPrecision.Precision, InventoryPrecision.Scale);
        builder.Property(b => b.ExpiryDate).HasColumnName("expiry_date");
        builder.Property(b => b.VesselCode).HasColumnName("vessel_code").HasMaxLength(Batch.MaxNumberLength);
        builder.Property(b => b.CreatedAt).HasColumnName("created_at");
        builder.Property(b => b.UpdatedAt).HasColumnName("updated_at");

        builder.HasOne<Product>().WithMany().HasForeignKey(b => b.ProductId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(b => new { b.ProductId, b.BatchNumber }).IsUnique();
        builder.HasIndex(b => b.FacilityId);
    }
}
