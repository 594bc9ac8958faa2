using BakeryOps.Domain.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BakeryOps.Infrastructure.Sync.Persistence;

internal sealed class SyncLeaseConfiguration : IEntityTypeConfiguration<SyncLease>
{
    public void Configure(EntityTypeBuilder<SyncLease> builder)
    {
        builder.ToTable("sync_leases");
        builder.HasKey(l => l.Name);
        builder.Property(l => l.Name).HasColumnName("name").HasMaxLength(SyncLease.MaxNameLength);
        builder.Property(l => l.Holder).HasColumnName("holder").HasMaxLength(SyncLease.MaxHolderLength);
        builder.Property(l => l.AcquiredAt).HasColumnName("acquired_at");
        builder.Property(l => l.ExpiresAt).HasColumnName("expires_at");
    }
}
