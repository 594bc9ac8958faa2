using BakeryOps.Domain.Schemas;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BakeryOps.Infrastructure.Persistence.Configurations;

internal sealed class DatasetSettingsConfiguration : IEntityTypeConfiguration<DatasetSettings>
{
    public void Configure(EntityTypeBuilder<DatasetSettings> builder)
    {
        builder.ToTable("dataset_settings");
        builder.HasKey(d => d.Dataset);
        builder.Property(d => d.Dataset).HasColumnName("dataset").HasMaxLength(100);
        builder.Property(d => d.Compatibility).HasColumnName("compatibility").HasConversion<string>().HasMaxLength(32);
        builder.Property(d => d.ActionRequired).HasColumnName("action_required").HasMaxLength(4000);
        builder.Property(d => d.ActionRequiredAt).HasColumnName("action_required_at");
        builder.Property(d => d.UpdatedBy).HasColumnName("updated_by").HasMaxLength(256);
        builder.Property(d => d.UpdatedAt).HasColumnName("updated_at");
    }
}
