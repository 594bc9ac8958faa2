using BakeryOps.Domain.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BakeryOps.Infrastructure.Sync.Persistence;

internal sealed class QuarantinedLedgerRowConfiguration : IEntityTypeConfiguration<QuarantinedLedgerRow>
{
    public void Configure(EntityTypeBuilder<QuarantinedLedgerRow> builder)
    {
        builder.ToTable("sync_quarantine");
        builder.HasKey(q => q.Id);
        builder.Property(q => q.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(q => q.FacilityId).HasColumnName("facility_id").HasMaxLength(64);
        builder.Property(q => q.Ukid).HasColumnName("ukid");
        builder.Property(q => q.Reason).HasColumnName("reason").HasConversion<string>().HasMaxLength(32);
        builder.Property(q => q.Detail).HasColumnName("detail").HasMaxLength(QuarantinedLedgerRow.MaxDetailLength);
        builder.Property(q => q.Attempts).HasColumnName("attempts");
        builder.Property(q => q.RunId).HasColumnName("run_id");
        builder.Property(q => q.CreatedAt).HasColumnName("created_at");
        builder.Property(q => q.UpdatedAt).HasColumnName("updated_at");
        builder.Property(q => q.ResolvedAt).HasColumnName("resolved_at");

        // One quarantine row per ledger row: a retry that fails again updates it.
        builder.HasOne<JdeCardexEntry>().WithMany().HasForeignKey(q => new { q.FacilityId, q.Ukid }).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(q => new { q.FacilityId, q.Ukid }).IsUnique();
        builder.HasIndex(q => new { q.FacilityId, q.Reason, q.ResolvedAt });
    }
}
