using BakeryOps.Domain.Schemas;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BakeryOps.Infrastructure.Persistence.Configurations;

internal sealed class SchemaVersionConfiguration : IEntityTypeConfiguration<SchemaVersion>
{
    public void Configure(EntityTypeBuilder<SchemaVersion> builder)
    {
        builder.ToTable("schema_versions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasColumnName("id");
        builder.Property(s => s.Dataset).HasColumnName("dataset").HasMaxLength(100);
        builder.Property(s => s.Version).HasColumnName("version");
        builder.Property(s => s.Fingerprint).HasColumnName("fingerprint").HasMaxLength(64);
        builder.Property(s => s.SchemaJson).HasColumnName("schema_json");
        builder.Property(s => s.Description).HasColumnName("description").HasMaxLength(1000);
        builder.Property(s => s.CreatedBy).HasColumnName("created_by").HasMaxLength(256);
        builder.Property(s => s.CreatedAt).HasColumnName("created_at");

        // The unique pair is what makes concurrent registrations of one dataset race-free.
        builder.HasIndex(s => new { s.Dataset, s.Version }).IsUnique();
        builder.HasIndex(s => new { s.Dataset, s.Fingerprint });
    }
}
