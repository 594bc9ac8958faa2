using BakeryOps.Infrastructure.Inventory;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Portal.Components.Analytics;

/// <summary>
/// Movements for the pivot page's tests, in the portal's default facility: two ingredients and a packaging item,
/// received 45 days ago, used 40 days ago and an hour ago (so usage falls in two months whatever today is), and
/// some waste.
/// </summary>
public sealed class PivotSeed
{
    public const string Facility = "default_facility";

    private PivotSeed(DateTimeOffset now, ProductView flour, ProductView sugar, ProductView boxes)
    {
        Now = now;
        Flour = flour;
        Sugar = sugar;
        Boxes = boxes;
    }

    public DateTimeOffset Now { get; }
    public ProductView Flour { get; }
    public ProductView Sugar { get; }
    public ProductView Boxes { get; }

    /// <summary>The usage months, oldest first, as the engine labels them (in UTC, the test portal's zone).</summary>
    public IReadOnlyList<string> UsageMonths => [Now.AddDays(-40).ToString("yyyy-MM"), Now.AddHours(-1).ToString("yyyy-MM")];

    /// <summary>Usage of each category in the months of <see cref="UsageMonths"/>: Ingredient 10 then 8, Packaging 2 then 0.</summary>
    public static async Task<PivotSeed> SeedAsync(IServiceProvider services)
    {
        var inventory = services.GetRequiredService<InventoryService>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var flour = await inventory.CreateProductAsync(Facility, new ProductInput("Pivot flour", "", "Ingredient", "KG"), CancellationToken.None);
        var sugar = await inventory.CreateProductAsync(Facility, new ProductInput("Pivot sugar", "", "Ingredient", "KG"), CancellationToken.None);
        var boxes = await inventory.CreateProductAsync(Facility, new ProductInput("Pivot boxes", "", "Packaging", "EA"), CancellationToken.None);

        async Task RecordAsync(ProductView product, string type, decimal quantity, DateTimeOffset at) =>
            await inventory.RecordAdjustmentsAsync(Facility, [new AdjustmentInput(product.Id, quantity, product.InventoryUnit, type, AdjustmentDate: at)],
                isArray: false, "pivot-seed", CancellationToken.None);

        foreach (var product in new[] { flour, sugar, boxes })
        {
            await RecordAsync(product, "RECEIPT", 100m, now.AddDays(-45));
        }

        await RecordAsync(flour, "USAGE", 10m, now.AddDays(-40));
        await RecordAsync(boxes, "USAGE", 2m, now.AddDays(-40));
        await RecordAsync(flour, "USAGE", 5m, now.AddHours(-1));
        await RecordAsync(sugar, "USAGE", 3m, now.AddHours(-1));
        await RecordAsync(flour, "WASTE", 1m, now.AddHours(-1));
        return new PivotSeed(now, flour, sugar, boxes);
    }
}
