using System.Text.Json;
using BakeryOps.Domain.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BakeryOps.Infrastructure.Jobs.Persistence;

internal sealed class SyncRunConfiguration : IEntityTypeConfiguration<SyncRun>
{
    public void Configure(EntityTypeBuilder<SyncRun> builder)
    {
        builder.ToTable("sync_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(r => r.Job).HasColumnName("job").HasMaxLength(SyncRun.MaxJobLength);
        builder.Property(r => r.FacilityId).HasColumnName("facility_id").HasMaxLength(64);
        builder.Property(r => r.Trigger).HasColumnName("trigger").HasMaxLength(SyncRun.MaxTriggerLength);
        builder.Property(r => r.Node).HasColumnName("node").HasMaxLength(256);
        builder.Property(r => r.Status).HasColumnName("status").HasMaxLength(16)
            .HasConversion(s => SyncRunStatuses.Name(s), s => SyncRunStatuses.Parse(s));
        builder.Property(r => r.StartedAt).HasColumnName("started_at");
        builder.Property(r => r.FinishedAt).HasColumnName("finished_at");
        builder.Property(r => r.Progress).HasColumnName("progress").HasMaxLength(SyncRun.MaxProgressLength);
        builder.Property(r => r.Counts).HasColumnName("counts")
            .HasConversion(
                v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
                v => JsonSerializer.Deserialize<Dictionary<string, long>>(v, JsonSerializerOptions.Default) ?? new Dictionary<string, long>(),
                new ValueComparer<Dictionary<string, long>>(
                    (a, b) => a!.Count == b!.Count && !a.Except(b).Any(),
                    v => v.Aggregate(0, (hash, pair) => HashCode.Combine(hash, pair.Key, pair.Value)),
                    v => new Dictionary<string, long>(v)));
        builder.Property(r => r.Error).HasColumnName("error").HasMaxLength(SyncRun.MaxErrorLength);

        builder.HasIndex(r => new { r.Job, r.StartedAt });
        builder.HasIndex(r => r.Status);
    }
}
