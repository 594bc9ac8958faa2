using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BakeryOps.Infrastructure.Sync.Persistence;

internal sealed class JdeItemMasterEntryConfiguration : IEntityTypeConfiguration<JdeItemMasterEntry>
{
    public void Configure(EntityTypeBuilder<JdeItemMasterEntry> builder)
    {
        builder.ToTable("jde_item_master");
        builder.HasKey(e => new { e.FacilityId, e.ShortItemNumber });
        builder.Property(e => e.FacilityId).HasColumnName("facility_id").HasMaxLength(Facility.MaxIdLength);
        builder.Property(e => e.ShortItemNumber).HasColumnName("short_item_number").ValueGeneratedNever();
        builder.Property(e => e.SecondItemNumber).HasColumnName("second_item_number").HasMaxLength(JdeItemMasterEntry.MaxItemLength);
        builder.Property(e => e.ThirdItemNumber).HasColumnName("third_item_number").HasMaxLength(JdeItemMasterEntry.MaxItemLength);
        builder.Property(e => e.BusinessUnit).HasColumnName("business_unit").HasMaxLength(12);
        builder.Property(e => e.Description).HasColumnName("description").HasMaxLength(JdeItemMasterEntry.MaxDescriptionLength);
        builder.Property(e => e.Description2).HasColumnName("description2").HasMaxLength(JdeItemMasterEntry.MaxDescriptionLength);
        builder.Property(e => e.PrimaryUnit).HasColumnName("primary_unit").HasMaxLength(JdeItemMasterEntry.MaxCodeLength);
        builder.Property(e => e.StockingType).HasColumnName("stocking_type").HasMaxLength(JdeItemMasterEntry.MaxCodeLength);
        builder.Property(e => e.GlClass).HasColumnName("gl_class").HasMaxLength(JdeItemMasterEntry.MaxCodeLength);
        builder.Property(e => e.LineType).HasColumnName("line_type").HasMaxLength(JdeItemMasterEntry.MaxCodeLength);
        builder.Property(e => e.LotProcessType).HasColumnName("lot_process_type").HasMaxLength(JdeItemMasterEntry.MaxCodeLength);
        builder.Property(e => e.ShelfLifeDays).HasColumnName("shelf_life_days");
        builder.Property(e => e.UpdatedDate).HasColumnName("updated_date");
        builder.Property(e => e.RunId).HasColumnName("run_id");
        builder.Property(e => e.SeenAt).HasColumnName("seen_at");
        builder.Property(e => e.MissingSince).HasColumnName("missing_since");
        builder.Property(e => e.AppliedAt).HasColumnName("applied_at");
        builder.Property(e => e.AppliedBy).HasColumnName("applied_by").HasMaxLength(JdeItemMasterEntry.MaxAppliedByLength);
        builder.Property(e => e.AppliedRunId).HasColumnName("applied_run_id");
        builder.Ignore(e => e.LotControlled);

        builder.HasOne<Facility>().WithMany().HasForeignKey(e => e.FacilityId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.FacilityId, e.SecondItemNumber });
    }
}
