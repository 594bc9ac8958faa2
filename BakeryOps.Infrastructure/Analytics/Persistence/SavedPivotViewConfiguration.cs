using BakeryOps.Domain.Analytics;
using BakeryOps.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BakeryOps.Infrastructure.Analytics.Persistence;

internal sealed class SavedPivotViewConfiguration : IEntityTypeConfiguration<SavedPivotView>
{
    public void Configure(EntityTypeBuilder<SavedPivotView> builder)
    {
        builder.ToTable("analytics_views");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).HasColumnName("id").HasMaxLength(36).ValueGeneratedNever();
        builder.Property(v => v.Name).HasColumnName("name").HasMaxLength(SavedPivotView.MaxNameLength);
        builder.Property(v => v.Owner).HasColumnName("owner").HasMaxLength(UserAdministration.MaxUserNameLength);
        builder.Property(v => v.Shared).HasColumnName("shared");
        builder.Property(v => v.Query).HasColumnName("query").HasMaxLength(SavedPivotView.MaxSpecLength);
        builder.Property(v => v.CreatedAt).HasColumnName("created_at");
        builder.Property(v => v.UpdatedAt).HasColumnName("updated_at");

        // A user's list reads by owner; unique with the name so two saves of one name cannot both commit.
        builder.HasIndex(v => new { v.Owner, v.Name }).IsUnique();
    }
}
