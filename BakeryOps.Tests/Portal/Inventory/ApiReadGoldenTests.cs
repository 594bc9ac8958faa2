using System.Runtime.CompilerServices;
using System.Text;
using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Inventory;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BakeryOps.Tests.Portal.Inventory;

/// <summary>
/// The read API's responses, byte for byte, against files captured from the code before the read path was tuned
/// (issue 16): a fixed data set in a facility of its own, so ids and timestamps never vary. Each provider has its
/// own file because the databases differ in decimal scale and in text ordering. <c>BAKERYOPS_UPDATE_GOLDEN=1</c>
/// rewrites the files; do that only for a change of the API that is meant.
/// </summary>
public abstract class ApiReadGoldenTests<TFixture>(TFixture fixture) where TFixture : PortalFixture
{
    private const string FacilityId = "golden_facility";
    private static readonly DateTimeOffset Epoch = new(2026, 3, 1, 6, 30, 0, TimeSpan.Zero);

    public static TheoryData<string> Requests => new()
    {
        "products",
        "products?size=100",
        "products?size=1000",
        "products?sort=onHand:-1&size=5&offset=2",
        "products?sort=created_at:1&archived=all",
        "products?sort=updated_at:-1&archived=true",
        "products?sort=productCategory:1&size=4",
        "products?productCategory=Dairy",
        "products?q=FLOUR",
        "products?q=b_flour",
        "products?includeBatches=true&size=6",
        "products/gold_p01",
        "products/gold_p07",
        "inventory-movements",
        "inventory-movements?size=1000",
        "inventory-movements?sort=movementDate:-1&size=7&offset=3",
        "inventory-movements?movementTypes=RECEIPT,WASTE&includeProductDetails=true",
        "inventory-movements?productId=gold_p01&startDate=2026-03-02&endDate=2026-03-05",
        "inventory-movements?startDate=2026-03-04T00:00:00Z&sort=movementDate:-1",
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Read_WhenTheDataIsFixed_ThenTheResponseIsByteForByteTheCapturedOne(string request)
    {
        await SeedOnceAsync();
        using var api = await BakeryOpsApiClient.SignInAsync(fixture);

        using var response = await api.Http.GetAsync($"bakeryops/facilities/{FacilityId}/{request}");
        var actual = await CaptureAsync(response);

        var file = GoldenFile(request);
        if (Environment.GetEnvironmentVariable("BAKERYOPS_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllBytesAsync(file, actual);
        }

        File.Exists(file).Should().BeTrue($"{file} holds the captured response (BAKERYOPS_UPDATE_GOLDEN=1 writes it)");
        var expected = await File.ReadAllBytesAsync(file);
        Encoding.UTF8.GetString(actual).Should().Be(Encoding.UTF8.GetString(expected));
        actual.Should().Equal(expected);
    }

    // Status, the headers a caller reads, then the body exactly as sent.
    private static async Task<byte[]> CaptureAsync(HttpResponseMessage response)
    {
        var head = new StringBuilder();
        head.Append((int)response.StatusCode).Append('\n');
        head.Append("Content-Type: ").Append(response.Content.Headers.ContentType).Append('\n');
        foreach (var name in new[] { "X-Total-Count", "ETag" })
        {
            if (response.Headers.TryGetValues(name, out var values))
            {
                head.Append(name).Append(": ").Append(string.Join(",", values)).Append('\n');
            }
        }

        head.Append('\n');
        var body = await response.Content.ReadAsByteArrayAsync();
        return [.. Encoding.UTF8.GetBytes(head.ToString()), .. body, (byte)'\n'];
    }

    private string GoldenFile(string request, [CallerFilePath] string source = "")
    {
        var name = new string(request.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '=' ? c : '_').ToArray());
        return Path.Combine(Path.GetDirectoryName(source)!, "Golden", fixture.Provider.ToString().ToLowerInvariant(), name + ".txt");
    }

    private async Task SeedOnceAsync()
    {
        await using var db = await fixture.Services.GetRequiredService<IDbContextFactory<BakeryOpsDbContext>>().CreateDbContextAsync();
        if (await db.Facilities.AnyAsync(f => f.Id == FacilityId))
        {
            return;
        }

        db.Facilities.Add(new Facility { Id = FacilityId, Name = "Golden bakery", CreatedAt = Epoch, UpdatedAt = Epoch, AllowNegativeOnHand = true });
        var products = GoldenData.Products(FacilityId, Epoch);
        db.Products.AddRange(products);
        db.Batches.AddRange(GoldenData.Batches(FacilityId, Epoch));
        db.Movements.AddRange(GoldenData.Movements(FacilityId, Epoch, products));
        await db.SaveChangesAsync();
    }
}

/// <summary>Products, batches and movements with every field used: nulls, conversions, odd text, small and large decimals.</summary>
internal static class GoldenData
{
    private static readonly string[] Names =
    [
        "Flour T55", "flour T65 (organic)", "Butter 82% \"AOP\"", "Crème fraîche", "Eggs <large> & fresh", "Sugar, caster",
        "Yeast", "Salt — fine", "Milk 3.5%", "Dark chocolate 70%", "Vanilla pods", "Almond flour", "Rye flour", "Baking paper",
    ];

    private static readonly string[] Categories = ["Ingredient", "Ingredient", "Dairy", "Dairy", "Ingredient", "Ingredient", "Ingredient",
        "Ingredient", "Dairy", "Ingredient", "Spice", "Ingredient", "Ingredient", "Packaging"];

    private static readonly string[] Units = ["KG", "KG", "KG", "L", "EA", "KG", "G", "KG", "L", "KG", "EA", "KG", "KG", "EA"];

    public static List<Product> Products(string facilityId, DateTimeOffset epoch) =>
        Names.Select((name, i) => new Product
        {
            Id = $"gold_p{i + 1:00}",
            FacilityId = facilityId,
            ProductName = name,
            Description = i % 3 == 0 ? "" : $"Line {i}: 'quoted' \\ slash\ttab",
            ProductCategory = Categories[i],
            InventoryUnit = Units[i],
            Archived = i is 6 or 13,
            JdeShortItemNumber = i % 2 == 0 ? 60_000 + i : null,
            JdeSecondItemNumber = i % 2 == 0 ? $"B_FLOUR_{i}" : null,
            JdeBranchPlant = i % 2 == 0 ? "1110" : null,
            StockingType = i % 4 == 0 ? "P" : null,
            GlClass = i % 4 == 0 ? "WA01" : null,
            LotControlled = i % 5 == 0,
            ShelfLifeDays = i % 3 == 1 ? 30 + i : null,
            Conversions = i switch
            {
                0 => [new ProductUnitConversion("BG", 25m)],
                2 => [new ProductUnitConversion("G", 0.001m), new ProductUnitConversion("LB", 0.453592m)],
                4 => [new ProductUnitConversion("CS", 360m)],
                _ => [],
            },
            OnHand = i switch
            {
                0 => 1234.5m,
                1 => 0.000001m,
                2 => -2.25m,
                5 => 999999.999999m,
                _ => i * 1.5m,
            },
            Version = i % 3,
            CreatedAt = epoch.AddMinutes(i * 7),
            UpdatedAt = epoch.AddDays(1).AddSeconds(i * 13).AddTicks(i * 1230),
        }).ToList();

    public static List<Batch> Batches(string facilityId, DateTimeOffset epoch) =>
    [
        new() { Id = "gold_b01", FacilityId = facilityId, ProductId = "gold_p01", BatchNumber = "F-001", LotNumber = "L1", QuantityOnHand = 1000m,
            ExpiryDate = new DateOnly(2026, 9, 1), VesselCode = "SILO-1", CreatedAt = epoch, UpdatedAt = epoch },
        new() { Id = "gold_b02", FacilityId = facilityId, ProductId = "gold_p01", BatchNumber = "F-002", QuantityOnHand = 234.5m,
            CreatedAt = epoch, UpdatedAt = epoch },
        new() { Id = "gold_b03", FacilityId = facilityId, ProductId = "gold_p03", BatchNumber = "B-1", LotNumber = "LOT/7", QuantityOnHand = -2.25m,
            ExpiryDate = new DateOnly(2026, 4, 15), CreatedAt = epoch, UpdatedAt = epoch },
        new() { Id = "gold_b04", FacilityId = facilityId, ProductId = "gold_p07", BatchNumber = "Y-9", QuantityOnHand = 9m,
            ExpiryDate = new DateOnly(2026, 3, 20), CreatedAt = epoch, UpdatedAt = epoch },
    ];

    public static List<Movement> Movements(string facilityId, DateTimeOffset epoch, IReadOnlyList<Product> products) =>
        Enumerable.Range(0, 40).Select(i =>
        {
            var product = products[i % 9];
            var type = (MovementType)(i % 5);
            var quantity = (i % 7 + 1) * 0.125m + i;
            return new Movement
            {
                Id = $"gold_m{i + 1:000}",
                FacilityId = facilityId,
                ProductId = product.Id,
                BatchNumber = i % 4 == 0 ? "F-001" : null,
                LotNumber = i % 6 == 0 ? "L1" : null,
                VesselCode = i % 8 == 0 ? "SILO-1" : null,
                Quantity = type.IsSigned() && i % 2 == 1 ? -quantity : quantity,
                Unit = product.InventoryUnit,
                InventoryQuantity = type.Effect(type.IsSigned() && i % 2 == 1 ? -quantity : quantity),
                Type = type,
                Reason = i % 3 == 0 ? null : $"reason {i} <é>",
                // Two movements share an instant so the id tie-break shows.
                AdjustmentDate = epoch.AddHours(i * 5 - (i == 11 ? 5 : 0)),
                Source = i % 5 == 3 ? MovementSource.Jde : MovementSource.Bakery,
                JdeLedgerKey = i % 5 == 3 ? $"UKID-{1000 + i}" : null,
                CreatedBy = i % 5 == 3 ? "cardex-sync" : "admin",
                CreatedAt = epoch.AddHours(i * 5).AddMilliseconds(i * 17),
            };
        }).ToList();
}

[Trait("Category", "Sqlite")]
public sealed class SqliteApiReadGoldenTests(SqlitePortalFixture fixture)
    : ApiReadGoldenTests<SqlitePortalFixture>(fixture), IClassFixture<SqlitePortalFixture>;

[Trait("Category", "Postgres")]
public sealed class PostgresApiReadGoldenTests(PostgresPortalFixture fixture)
    : ApiReadGoldenTests<PostgresPortalFixture>(fixture), IClassFixture<PostgresPortalFixture>;
