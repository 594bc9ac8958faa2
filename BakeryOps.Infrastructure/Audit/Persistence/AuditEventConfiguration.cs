using BakeryOps.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BakeryOps.Infrastructure.Audit.Persistence;

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.ToTable("audit_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasColumnName("id").ValueGeneratedOnAdd();
        builder.Property(e => e.OccurredAt).HasColumnName("occurred_at");
        builder.Property(e => e.Category).HasColumnName("category").HasMaxLength(AuditEvent.MaxCategoryLength);
        builder.Property(e => e.Action).HasColumnName("action").HasMaxLength(AuditEvent.MaxActionLength);
        builder.Property(e => e.Outcome).HasColumnName("outcome").HasMaxLength(AuditEvent.MaxOutcomeLength);
        builder.Property(e => e.Actor).HasColumnName("actor").HasMaxLength(AuditEvent.MaxActorLength);
        builder.Property(e => e.ActorKind).HasColumnName("actor_kind").HasMaxLength(AuditEvent.MaxActorKindLength);
        builder.Property(e => e.Method).HasColumnName("method").HasMaxLength(AuditEvent.MaxMethodLength);
        builder.Property(e => e.Address).HasColumnName("address").HasMaxLength(AuditEvent.MaxAddressLength);
        builder.Property(e => e.Target).HasColumnName("target").HasMaxLength(AuditEvent.MaxTargetLength);
        builder.Property(e => e.Detail).HasColumnName("detail").HasMaxLength(AuditEvent.MaxDetailLength);

        // The page lists newest first within a time window; the daily lake export reads one day at a time.
        builder.HasIndex(e => e.OccurredAt);
        builder.HasIndex(e => new { e.Actor, e.OccurredAt });
        builder.HasIndex(e => new { e.Category, e.OccurredAt });
    }
}
