using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Sync;
using BakeryOps.Infrastructure.Inventory.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BakeryOps.Infrastructure.Sync.Persistence;

internal sealed class JdeCardexEntryConfiguration : IEntityTypeConfiguration<JdeCardexEntry>
{
    public void Configure(EntityTypeBuilder<JdeCardexEntry> builder)
    {
        builder.ToTable("jde_cardex");
        builder.HasKey(e => new { e.FacilityId, e.Ukid });
        builder.Property(e => e.FacilityId).HasColumnName("facility_id").HasMaxLength(Facility.MaxIdLength);
        builder.Property(e => e.Ukid).HasColumnName("ukid").ValueGeneratedNever();
        builder.Property(e => e.ShortItemNumber).HasColumnName("short_item_number");
        builder.Property(e => e.SecondItemNumber).HasColumnName("second_item_number").HasMaxLength(JdeCardexEntry.MaxTextLength);
        builder.Property(e => e.BusinessUnit).HasColumnName("business_unit").HasMaxLength(12);
        builder.Property(e => e.Location).HasColumnName("location").HasMaxLength(JdeCardexEntry.MaxTextLength);
        builder.Property(e => e.Lot).HasColumnName("lot").HasMaxLength(JdeCardexEntry.MaxTextLength);
        builder.Property(e => e.DocumentNumber).HasColumnName("document_number");
        builder.Property(e => e.DocumentType).HasColumnName("document_type").HasMaxLength(4);
        builder.Property(e => e.TransactionDate).HasColumnName("transaction_date");
        builder.Property(e => e.WrittenAt).HasColumnName("written_at");
        builder.Property(e => e.Quantity).HasColumnName("quantity").HasPrecision(InventoryPrecision.Precision, InventoryPrecision.Scale);
        builder.Property(e => e.Unit).HasColumnName("unit").HasMaxLength(4);
        builder.Property(e => e.Explanation).HasColumnName("explanation").HasMaxLength(JdeCardexEntry.MaxTextLength);
        builder.Property(e => e.Outcome).HasColumnName("outcome").HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.BackDated).HasColumnName("back_dated");
        builder.Property(e => e.MovementId).HasColumnName("movement_id").HasMaxLength(64);
        builder.Property(e => e.RunId).HasColumnName("run_id");
        builder.Property(e => e.MirroredAt).HasColumnName("mirrored_at");

        builder.HasOne<Facility>().WithMany().HasForeignKey(e => e.FacilityId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Movement>().WithMany().HasForeignKey(e => e.MovementId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.FacilityId, e.ShortItemNumber, e.Lot });
        builder.HasIndex(e => e.RunId);
    }
}
