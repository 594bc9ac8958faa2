using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Reconciliation;
using BakeryOps.Infrastructure.Inventory.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BakeryOps.Infrastructure.Reconciliation.Persistence;

internal sealed class ReconciliationRowConfiguration : IEntityTypeConfiguration<ReconciliationRow>
{
    public void Configure(EntityTypeBuilder<ReconciliationRow> builder)
    {
        builder.ToTable("reconciliation_rows");
        builder.HasKey(r => new { r.RunId, r.Line });
        builder.Property(r => r.RunId).HasColumnName("run_id");
        builder.Property(r => r.Line).HasColumnName("line").ValueGeneratedNever();
        builder.Property(r => r.FacilityId).HasColumnName("facility_id").HasMaxLength(Facility.MaxIdLength);
        builder.Property(r => r.ProductId).HasColumnName("product_id").HasMaxLength(64);
        builder.Property(r => r.ProductName).HasColumnName("product_name").HasMaxLength(Product.MaxNameLength);
        builder.Property(r => r.Category).HasColumnName("category").HasMaxLength(Product.MaxCategoryLength);
        builder.Property(r => r.ShortItemNumber).HasColumnName("short_item_number");
        builder.Property(r => r.SecondItemNumber).HasColumnName("second_item_number").HasMaxLength(JdeItemBalance.MaxTextLength);
        builder.Property(r => r.BusinessUnit).HasColumnName("business_unit").HasMaxLength(12);
        builder.Property(r => r.Level).HasColumnName("level").HasConversion<string>().HasMaxLength(8);
        builder.Property(r => r.Lot).HasColumnName("lot").HasMaxLength(ReconciliationRow.MaxLotLength);
        builder.Property(r => r.Unit).HasColumnName("unit").HasMaxLength(8);
        builder.Property(r => r.JdeQuantity).HasColumnName("jde_quantity").HasPrecision(InventoryPrecision.Precision, InventoryPrecision.Scale);
        builder.Property(r => r.BakeryQuantity).HasColumnName("bakery_quantity").HasPrecision(InventoryPrecision.Precision, InventoryPrecision.Scale);
        builder.Property(r => r.JdeInFlight).HasColumnName("jde_in_flight").HasPrecision(InventoryPrecision.Precision, InventoryPrecision.Scale);
        builder.Property(r => r.BakeryInFlight).HasColumnName("bakery_in_flight").HasPrecision(InventoryPrecision.Precision, InventoryPrecision.Scale);
        builder.Property(r => r.Variance).HasColumnName("variance").HasPrecision(InventoryPrecision.Precision, InventoryPrecision.Scale);
        builder.Property(r => r.LedgerQuantity).HasColumnName("ledger_quantity").HasPrecision(InventoryPrecision.Precision, InventoryPrecision.Scale);

        builder.Property(r => r.VariancePercent).HasColumnName("variance_percent").HasPrecision(18, 2);
        builder.Property(r => r.LedgerDrift).HasColumnName("ledger_drift");
        builder.Property(r => r.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Note).HasColumnName("note").HasMaxLength(1000);
        builder.HasOne<ReconciliationRun>().WithMany().HasForeignKey(r => r.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.FacilityId, r.ProductId });
    }
}
