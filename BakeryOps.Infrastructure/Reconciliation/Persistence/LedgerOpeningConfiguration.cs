using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Reconciliation;
using BakeryOps.Infrastructure.Inventory.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BakeryOps.Infrastructure.Reconciliation.Persistence;

internal sealed class LedgerOpeningConfiguration : IEntityTypeConfiguration<LedgerOpening>
{
    public void Configure(EntityTypeBuilder<LedgerOpening> builder)
    {
        builder.ToTable("jde_ledger_openings");
        builder.HasKey(o => new { o.FacilityId, o.ShortItemNumber, o.Lot });
        builder.Property(o => o.FacilityId).HasColumnName("facility_id").HasMaxLength(Facility.MaxIdLength);
        builder.Property(o => o.ShortItemNumber).HasColumnName("short_item_number").ValueGeneratedNever();
        builder.Property(o => o.Lot).HasColumnName("lot").HasMaxLength(JdeItemBalance.MaxTextLength);
        builder.Property(o => o.Unit).HasColumnName("unit").HasMaxLength(8);
        builder.Property(o => o.Quantity).HasColumnName("quantity").HasPrecision(InventoryPrecision.Precision, InventoryPrecision.Scale);
        builder.Property(o => o.CapturedAt).HasColumnName("captured_at");
        builder.Property(o => o.RunId).HasColumnName("run_id");
        builder.HasOne<Facility>().WithMany().HasForeignKey(o => o.FacilityId).OnDelete(DeleteBehavior.Cascade);
    }
}
