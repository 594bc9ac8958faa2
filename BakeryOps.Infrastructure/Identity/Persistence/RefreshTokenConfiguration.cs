using BakeryOps.Domain.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BakeryOps.Infrastructure.Identity.Persistence;

internal sealed class RefreshTokenConfiguration : IEntityTypeConfiguration<RefreshToken>
{
    public void Configure(EntityTypeBuilder<RefreshToken> builder)
    {
        builder.ToTable("refresh_tokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasColumnName("id").HasMaxLength(36).ValueGeneratedNever();
        builder.Property(t => t.FamilyId).HasColumnName("family_id").HasMaxLength(36);
        builder.Property(t => t.UserId).HasColumnName("user_id").HasMaxLength(450);
        builder.Property(t => t.TokenHash).HasColumnName("token_hash").HasMaxLength(RefreshToken.HashLength);
        builder.Property(t => t.CreatedAt).HasColumnName("created_at");
        builder.Property(t => t.ExpiresAt).HasColumnName("expires_at");
        builder.Property(t => t.FamilyExpiresAt).HasColumnName("family_expires_at");
        builder.Property(t => t.UsedAt).HasColumnName("used_at");
        builder.Property(t => t.ReplacedById).HasColumnName("replaced_by_id").HasMaxLength(36);
        builder.Property(t => t.RevokedAt).HasColumnName("revoked_at");
        builder.Property(t => t.RevokedReason).HasColumnName("revoked_reason").HasMaxLength(RefreshToken.MaxReasonLength);
        builder.Property(t => t.CreatedByAddress).HasColumnName("created_by_address").HasMaxLength(RefreshToken.MaxAddressLength);

        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.HasIndex(t => t.FamilyId);
        builder.HasIndex(t => t.UserId);
        builder.HasIndex(t => t.FamilyExpiresAt);

        // Deleting an account takes its refresh tokens with it.
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
