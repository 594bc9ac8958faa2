using BakeryOps.Domain.Dispatch;
using BakeryOps.Domain.Facilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BakeryOps.Infrastructure.Dispatch.Persistence;

internal sealed class JdeDispatchAttemptConfiguration : IEntityTypeConfiguration<JdeDispatchAttempt>
{
    public void Configure(EntityTypeBuilder<JdeDispatchAttempt> builder)
    {
        builder.ToTable("jde_dispatch_attempts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasColumnName("id").ValueGeneratedOnAdd();
        builder.Property(a => a.DispatchId).HasColumnName("dispatch_id");
        builder.Property(a => a.Key).HasColumnName("idempotency_key").HasMaxLength(JdeDispatch.KeyLength);
        builder.Property(a => a.FacilityId).HasColumnName("facility_id").HasMaxLength(Facility.MaxIdLength);
        builder.Property(a => a.Attempt).HasColumnName("attempt");
        builder.Property(a => a.Kind).HasColumnName("kind").HasMaxLength(16);
        builder.Property(a => a.Request).HasColumnName("request");
        builder.Property(a => a.Outcome).HasColumnName("outcome").HasMaxLength(16);
        builder.Property(a => a.DocumentNumber).HasColumnName("document_number");
        builder.Property(a => a.Error).HasColumnName("error").HasMaxLength(2000);
        builder.Property(a => a.StatusCode).HasColumnName("status_code");
        builder.Property(a => a.By).HasColumnName("by").HasMaxLength(256);
        builder.Property(a => a.StartedAt).HasColumnName("started_at");
        builder.Property(a => a.EndedAt).HasColumnName("ended_at");
        builder.HasOne<JdeDispatch>().WithMany().HasForeignKey(a => a.DispatchId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.DispatchId, a.Id });
    }
}
