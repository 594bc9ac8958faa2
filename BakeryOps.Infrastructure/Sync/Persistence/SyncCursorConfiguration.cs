using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BakeryOps.Infrastructure.Sync.Persistence;

internal sealed class SyncCursorConfiguration : IEntityTypeConfiguration<SyncCursor>
{
    public void Configure(EntityTypeBuilder<SyncCursor> builder)
    {
        builder.ToTable("sync_cursors");
        builder.HasKey(c => new { c.Stream, c.FacilityId });
        builder.Property(c => c.Stream).HasColumnName("stream").HasMaxLength(32);
        builder.Property(c => c.FacilityId).HasColumnName("facility_id").HasMaxLength(Facility.MaxIdLength);
        builder.Property(c => c.Position).HasColumnName("position");
        builder.Property(c => c.UpdatedAt).HasColumnName("updated_at");
        builder.HasOne<Facility>().WithMany().HasForeignKey(c => c.FacilityId).OnDelete(DeleteBehavior.Cascade);
    }
}
