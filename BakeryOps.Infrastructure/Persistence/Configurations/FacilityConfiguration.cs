using BakeryOps.Domain.Facilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BakeryOps.Infrastructure.Persistence.Configurations;

internal sealed class FacilityConfiguration : IEntityTypeConfiguration<Facility>
{
    public void Configure(EntityTypeBuilder<Facility> builder)
    {
        builder.ToTable("facilities");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).HasColumnName("id").HasMaxLength(Facility.MaxIdLength);
        builder.Property(f => f.Name).HasColumnName("name").HasMaxLength(Facility.MaxNameLength);
        builder.Property(f => f.JdeBusinessUnit).HasColumnName("jde_business_unit").HasMaxLength(12);
        builder.Property(f => f.JdeLinkedAt).HasColumnName("jde_linked_at");
        builder.Property(f => f.AllowNegativeOnHand).HasColumnName("allow_negative_on_hand");
        builder.Property(f => f.CreatedAt).HasColumnName("created_at");
        builder.Property(f => f.UpdatedAt).HasColumnName("updated_at");
    }
}
