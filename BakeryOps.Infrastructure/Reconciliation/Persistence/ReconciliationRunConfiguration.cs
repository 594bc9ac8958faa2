using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Reconciliation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BakeryOps.Infrastructure.Reconciliation.Persistence;

internal sealed class ReconciliationRunConfiguration : IEntityTypeConfiguration<ReconciliationRun>
{
    public void Configure(EntityTypeBuilder<ReconciliationRun> builder)
    {
        builder.ToTable("reconciliation_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(r => r.FacilityId).HasColumnName("facility_id").HasMaxLength(Facility.MaxIdLength);
        builder.Property(r => r.BalanceSource).HasColumnName("balance_source").HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.BalancePulledAt).HasColumnName("balance_pulled_at");
        builder.Property(r => r.LastSyncRunId).HasColumnName("last_sync_run_id");
        builder.Property(r => r.ComputedAt).HasColumnName("computed_at");
        builder.Property(r => r.Rows).HasColumnName("rows");
        builder.Property(r => r.Matches).HasColumnName("matches");
        builder.Property(r => r.Variances).HasColumnName("variances");
        builder.Property(r => r.MissingInBakery).HasColumnName("missing_in_bakery");
        builder.Property(r => r.MissingInJde).HasColumnName("missing_in_jde");
        builder.Property(r => r.Unmapped).HasColumnName("unmapped");
        builder.Property(r => r.LedgerDrifts).HasColumnName("ledger_drifts");
        builder.HasOne<Facility>().WithMany().HasForeignKey(r => r.FacilityId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.FacilityId, r.ComputedAt });
    }
}
