using System.Text.Json;
using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BakeryOps.Infrastructure.Inventory.Persistence;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.ToTable("bakery_ops_products");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).HasColumnName("id").HasMaxLength(64);
        builder.Property(p => p.FacilityId).HasColumnName("facility_id").HasMaxLength(Facility.MaxIdLength);
        builder.Property(p => p.ProductName).HasColumnName("product_name").HasMaxLength(Product.MaxNameLength);
        builder.Property(p => p.Description).HasColumnName("description").HasMaxLength(Product.MaxDescriptionLength);
        builder.Property(p => p.ProductCategory).HasColumnName("product_category").HasMaxLength(Product.MaxCategoryLength);
        builder.Property(p => p.InventoryUnit).HasColumnName("inventory_unit").HasMaxLength(8);
        builder.Property(p => p.Archived).HasColumnName("archived");
        builder.Property(p => p.JdeShortItemNumber).HasColumnName("jde_short_item_number");
        builder.Property(p => p.JdeSecondItemNumber).HasColumnName("jde_second_item_number").HasMaxLength(25);
        builder.Property(p => p.JdeBranchPlant).HasColumnName("jde_branch_plant").HasMaxLength(12);
        builder.Property(p => p.StockingType).HasColumnName("stocking_type").HasMaxLength(Product.MaxStockingTypeLength);
        builder.Property(p => p.GlClass).HasColumnName("gl_class").HasMaxLength(Product.MaxGlClassLength);
        builder.Property(p => p.LotControlled).HasColumnName("lot_controlled");
        builder.Property(p => p.ShelfLifeDays).HasColumnName("shelf_life_days");
        builder.Property(p => p.OnHand).HasColumnName("on_hand").HasPrecision(InventoryPrecision.Precision, InventoryPrecision.Scale);
        builder.Property(p => p.Version).HasColumnName("version").IsConcurrencyToken();
        builder.Property(p => p.CreatedAt).HasColumnName("created_at");
        builder.Property(p => p.UpdatedAt).HasColumnName("updated_at");
        builder.Property(p => p.Conversions).HasColumnName("unit_conversions")
            .HasConversion(
                v => JsonSerializer.Serialize(v, Json),
                v => v == "[]" ? new List<ProductUnitConversion>() : JsonSerializer.Deserialize<List<ProductUnitConversion>>(v, Json) ?? new List<ProductUnitConversion>(),
                new ValueComparer<List<ProductUnitConversion>>(
                    (a, b) => a!.SequenceEqual(b!),
                    v => v.Aggregate(0, (hash, c) => HashCode.Combine(hash, c)),
                    v => v.ToList()));
        builder.Ignore(p => p.IsBelowZero);

        builder.HasOne<Facility>().WithMany().HasForeignKey(p => p.FacilityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => new { p.FacilityId, p.ProductName });
        builder.HasIndex(p => new { p.FacilityId, p.ProductCategory, p.Archived });
        builder.HasIndex(p => new { p.FacilityId, p.JdeShortItemNumber });
    }
}
