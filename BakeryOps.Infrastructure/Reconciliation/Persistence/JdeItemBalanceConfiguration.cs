using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Reconciliation;
using BakeryOps.Infrastructure.Inventory.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BakeryOps.Infrastructure.Reconciliation.Persistence;

internal sealed class JdeItemBalanceConfiguration : IEntityTypeConfiguration<JdeItemBalance>
{
    public void Configure(EntityTypeBuilder<JdeItemBalance> builder)
    {
        builder.ToTable("jde_item_balances");
        builder.HasKey(b => new { b.FacilityId, b.ShortItemNumber, b.Location, b.Lot });
        builder.Property(b => b.FacilityId).HasColumnName("facility_id").HasMaxLength(Facility.MaxIdLength);
        builder.Property(b => b.ShortItemNumber).HasColumnName("short_item_number").ValueGeneratedNever();
        builder.Property(b => b.SecondItemNumber).HasColumnName("second_item_number").HasMaxLength(JdeItemBalance.MaxTextLength);
        builder.Property(b => b.Location).HasColumnName("location").HasMaxLength(JdeItemBalance.MaxTextLength);
        builder.Property(b => b.Lot).HasColumnName("lot").HasMaxLength(JdeItemBalance.MaxTextLength);
        builder.Property(b => b.OnHand).HasColumnName("on_hand").HasPrecision(InventoryPrecision.Precision, InventoryPrecision.Scale);
        builder.Property(b => b.Unit).HasColumnName("unit").HasMaxLength(4);
        builder.Property(b => b.UpdatedDate).HasColumnName("updated_date");
        builder.Property(b => b.PulledAt).HasColumnName("pulled_at");
        builder.HasOne<Facility>().WithMany().HasForeignKey(b => b.FacilityId).OnDelete(DeleteBehavior.Cascade);
    }
}
