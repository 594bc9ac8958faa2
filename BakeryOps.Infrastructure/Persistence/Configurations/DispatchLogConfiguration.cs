using BakeryOps.Domain.Lake;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BakeryOps.Infrastructure.Persistence.Configurations;

internal sealed class DispatchLogConfiguration : IEntityTypeConfiguration<DispatchLog>
{
    public void Configure(EntityTypeBuilder<DispatchLog> builder)
    {
        builder.ToTable("dispatch_logs");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).HasColumnName("id");
        builder.Property(d => d.Dataset).HasColumnName("dataset").HasMaxLength(100);
        builder.Property(d => d.ObjectKey).HasColumnName("object_key").HasMaxLength(1024);
        builder.Property(d => d.RowCount).HasColumnName("row_count");
        builder.Property(d => d.SizeBytes).HasColumnName("size_bytes");
        builder.Property(d => d.Sha256).HasColumnName("sha256").HasMaxLength(64);
        builder.Property(d => d.RunId).HasColumnName("run_id");
        builder.Property(d => d.PartitionDate).HasColumnName("partition_date");
        builder.Property(d => d.CreatedAt).HasColumnName("created_at");

        builder.HasIndex(d => d.ObjectKey).IsUnique();
        builder.HasIndex(d => new { d.Dataset, d.PartitionDate });
        builder.HasIndex(d => d.RunId);
    }
}
