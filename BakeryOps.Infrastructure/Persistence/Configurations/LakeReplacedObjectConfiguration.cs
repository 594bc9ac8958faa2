using BakeryOps.Domain.Lake;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BakeryOps.Infrastructure.Persistence.Configurations;

internal sealed class LakeReplacedObjectConfiguration : IEntityTypeConfiguration<LakeReplacedObject>
{
    public void Configure(EntityTypeBuilder<LakeReplacedObject> builder)
    {
        builder.ToTable("lake_replaced_objects");
        builder.HasKey(o => o.ObjectKey);
        builder.Property(o => o.ObjectKey).HasColumnName("object_key").HasMaxLength(1024);
        builder.Property(o => o.Dataset).HasColumnName("dataset").HasMaxLength(100);
        builder.Property(o => o.ManifestKey).HasColumnName("manifest_key").HasMaxLength(1024);
        builder.Property(o => o.ReplacedAt).HasColumnName("replaced_at");
        builder.Property(o => o.Attempts).HasColumnName("attempts");
        builder.Property(o => o.LastError).HasColumnName("last_error").HasMaxLength(2000);

        builder.HasIndex(o => o.ManifestKey);
    }
}
