using BakeryOps.Domain.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BakeryOps.Infrastructure.Identity.Persistence;

internal sealed class ServiceAccountConfiguration : IEntityTypeConfiguration<ServiceAccount>
{
    public void Configure(EntityTypeBuilder<ServiceAccount> builder)
    {
        builder.ToTable("service_accounts");
        builder.HasKey(a => a.ClientId);
        builder.Property(a => a.ClientId).HasColumnName("client_id").HasMaxLength(ServiceAccount.MaxClientIdLength).ValueGeneratedNever();
        builder.Property(a => a.Name).HasColumnName("name").HasMaxLength(ServiceAccount.MaxNameLength);
        builder.Property(a => a.Roles).HasColumnName("roles").HasMaxLength(ServiceAccount.MaxRolesLength);
        builder.Property(a => a.Facilities).HasColumnName("facilities").HasMaxLength(ServiceAccount.MaxFacilitiesLength);
        builder.Property(a => a.CreatedAt).HasColumnName("created_at");
        builder.Property(a => a.CreatedBy).HasColumnName("created_by").HasMaxLength(UserAdministration.MaxUserNameLength);
        builder.Property(a => a.LastUsedAt).HasColumnName("last_used_at");
        builder.Property(a => a.LastUsedAddress).HasColumnName("last_used_address").HasMaxLength(ServiceAccount.MaxAddressLength);
        builder.HasIndex(a => a.Name).IsUnique();
        builder.HasMany(a => a.Secrets).WithOne().HasForeignKey(s => s.ClientId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ServiceAccountSecretConfiguration : IEntityTypeConfiguration<ServiceAccountSecret>
{
    public void Configure(EntityTypeBuilder<ServiceAccountSecret> builder)
    {
        builder.ToTable("service_account_secrets");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasColumnName("id").HasMaxLength(36).ValueGeneratedNever();
        builder.Property(s => s.ClientId).HasColumnName("client_id").HasMaxLength(ServiceAccount.MaxClientIdLength);
        builder.Property(s => s.SecretHash).HasColumnName("secret_hash").HasMaxLength(ServiceAccountSecret.HashLength);
        builder.Property(s => s.CreatedAt).HasColumnName("created_at");
        builder.Property(s => s.ExpiresAt).HasColumnName("expires_at");
        builder.HasIndex(s => s.SecretHash).IsUnique();
    }
}
