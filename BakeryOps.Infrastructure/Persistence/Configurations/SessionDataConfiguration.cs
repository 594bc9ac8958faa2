using BakeryOps.Domain.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BakeryOps.Infrastructure.Persistence.Configurations;

internal sealed class SessionDataConfiguration : IEntityTypeConfiguration<SessionData>
{
    public void Configure(EntityTypeBuilder<SessionData> builder)
    {
        builder.ToTable("session_data");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasColumnName("id");
        builder.Property(s => s.Kind).HasColumnName("kind").HasMaxLength(50);
        builder.Property(s => s.OwnerUserName).HasColumnName("owner_user_name").HasMaxLength(256);
        builder.Property(s => s.PayloadJson).HasColumnName("payload_json");
        builder.Property(s => s.CreatedAt).HasColumnName("created_at");
        builder.Property(s => s.ExpiresAt).HasColumnName("expires_at");

        builder.HasIndex(s => s.ExpiresAt);
    }
}
