using BakeryOps.Domain.Lake;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BakeryOps.Infrastructure.Persistence.Configurations;

internal sealed class LakeOutboxEntryConfiguration : IEntityTypeConfiguration<LakeOutboxEntry>
{
    public void Configure(EntityTypeBuilder<LakeOutboxEntry> builder)
    {
        builder.ToTable("lake_outbox");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasColumnName("id");
        builder.Property(e => e.Dataset).HasColumnName("dataset").HasMaxLength(100);
        builder.Property(e => e.PayloadJson).HasColumnName("payload_json");
        builder.Property(e => e.CreatedAt).HasColumnName("created_at");
        builder.HasIndex(e => new { e.Dataset, e.Id });
    }
}
