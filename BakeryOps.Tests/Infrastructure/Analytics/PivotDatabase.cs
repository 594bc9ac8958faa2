using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Inventory;
using BakeryOps.Infrastructure.Analytics;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BakeryOps.Tests.Infrastructure.Analytics;

/// <summary>
/// A migrated database of one provider holding movements chosen to test pivots: two facilities, products in three
/// categories (one without a category), every movement type, lots and blanks, and instants around New York's spring
/// DST change (2026-03-08) and a month end that is March in New York and April in UTC.
/// </summary>
public abstract class PivotDatabase(DatabaseProvider provider) : IAsyncLifetime
{
    public const string Facility = "pivot_bakery";
    public const string OtherFacility = "pivot_other";
    public static readonly DateTimeOffset Now = new(2026, 4, 15, 12, 0, 0, TimeSpan.Zero);

    private TestDatabase? _database;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Not initialised.");

    public IReadOnlyList<(Movement Movement, Product Product)> Movements { get; private set; } = [];

    public PivotService Service(string siteZone = "America/New_York", AnalyticsOptions? options = null) => new(
        Database.ContextFactory(),
        Microsoft.Extensions.Options.Options.Create(options ?? new AnalyticsOptions()),
        Microsoft.Extensions.Options.Options.Create(new SiteOptions { TimeZone = siteZone }),
        new FakeTimeProvider(Now),
        NullLogger<PivotService>.Instance);

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateMigratedAsync(provider);
        await using var db = _database.CreateContext();
        db.Facilities.AddRange(
            new Facility { Id = Facility, Name = "Pivot bakery", CreatedAt = Now, UpdatedAt = Now },
            new Facility { Id = OtherFacility, Name = "Other bakery", CreatedAt = Now, UpdatedAt = Now });
        var products = new List<Product>
        {
            Product("pv_flour", "Flour T55", "Dry goods", "KG"),
            Product("pv_sugar", "Sugar", "Dry goods", "KG"),
            Product("pv_milk", "Milk", "Dairy", "L"),
            Product("pv_eggs", "Eggs", "Dairy", "EA"),
            Product("pv_box", "Box", "", "EA"),
            Product("pv_other_flour", "Flour T55", "Dry goods", "KG", OtherFacility),
        };
        db.Products.AddRange(products);

        // Instants that fall on different local days, months or weeks in New York than in UTC.
        DateTimeOffset[] instants =
        [
            new(2026, 3, 8, 6, 30, 0, TimeSpan.Zero),    // 01:30 EST, before the change
            new(2026, 3, 8, 7, 30, 0, TimeSpan.Zero),    // 03:30 EDT, after it
            new(2026, 3, 8, 4, 59, 0, TimeSpan.Zero),    // 23:59 on the 7th in New York
            new(2026, 3, 9, 3, 59, 0, TimeSpan.Zero),    // 23:59 EDT on the 8th
            new(2026, 4, 1, 3, 30, 0, TimeSpan.Zero),    // 23:30 on 31 March in New York, April in UTC
            new(2026, 4, 1, 4, 0, 0, TimeSpan.Zero),     // midnight of 1 April in New York
            new(2026, 1, 1, 2, 0, 0, TimeSpan.Zero),     // 2025 in New York, 2026 in UTC
            new(2026, 2, 28, 23, 0, 0, TimeSpan.Zero),
            new(2026, 3, 30, 12, 0, 0, TimeSpan.Zero),   // a Monday
            new(2026, 3, 29, 23, 0, 0, TimeSpan.Zero),   // Sunday evening in New York, Sunday in UTC
            new(2025, 12, 29, 3, 0, 0, TimeSpan.Zero),   // ISO week 2026-W01 in UTC, 2025-W52... in New York
            new(2026, 4, 15, 11, 0, 0, TimeSpan.Zero),   // "today"
        ];
        var types = Enum.GetValues<MovementType>();
        var lots = new[] { "L1", "L2", null };
        var movements = new List<Movement>();
        var n = 0;
        foreach (var product in products)
        {
            for (var i = 0; i < instants.Length; i++)
            {
                var type = types[(i + product.Id.Length) % types.Length];
                var quantity = 1.25m + (n % 7) * 0.333333m + product.Id.Length;
                var signed = type.IsSigned() && n % 2 == 0 ? -quantity : quantity;
                movements.Add(new Movement
                {
                    Id = $"mv_{n++:0000}",
                    FacilityId = product.FacilityId,
                    ProductId = product.Id,
                    LotNumber = lots[(i + n) % lots.Length],
                    BatchNumber = i % 4 == 0 ? null : $"B{i % 3}",
                    Quantity = signed,
                    Unit = product.InventoryUnit,
                    InventoryQuantity = type.Effect(signed),
                    Type = type,
                    Source = i % 5 == 0 ? MovementSource.Jde : MovementSource.Bakery,
                    AdjustmentDate = instants[i],
                    CreatedBy = i % 2 == 0 ? "admin" : "planner",
                    CreatedAt = instants[i],
                    Reason = "pivot test",
                });
            }
        }

        db.Movements.AddRange(movements);
        await db.SaveChangesAsync();
        Movements = [.. movements.Select(m => (m, products.Single(p => p.Id == m.ProductId)))];
    }

    /// <summary>Adds <paramref name="count"/> usage movements of flour, one a minute back from <see cref="Now"/>, in one statement.</summary>
    public async Task AddGeneratedMovementsAsync(int count)
    {
        await using var db = Database.CreateContext();
        const string Columns = "id, facility_id, product_id, lot_number, quantity, unit, inventory_quantity, adjustment_type, adjustment_date, source, created_by, created_at";
        var sql = provider == DatabaseProvider.Postgres
            ? $"""
              INSERT INTO bakery_ops_movements ({Columns})
              SELECT 'gen_' || g, '{Facility}', 'pv_flour', 'L' || (g % 5000), 1, 'KG', -1, 'Usage',
                     TIMESTAMPTZ '2026-04-15 12:00:00+00' - g * INTERVAL '1 minute', 'Bakery', 'user' || (g % 7), TIMESTAMPTZ '2026-04-15 12:00:00+00'
              FROM generate_series(1, {count}) AS g
              """
            : $"""
              WITH RECURSIVE n(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM n WHERE g < {count})
              INSERT INTO bakery_ops_movements ({Columns})
              SELECT 'gen_' || g, '{Facility}', 'pv_flour', 'L' || (g % 5000), 1000000, 'KG', -1000000, 'Usage',
                     {Now.UtcTicks} - g * 600000000, 'Bakery', 'user' || (g % 7), {Now.UtcTicks}
              FROM n
              """;
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    private static Product Product(string id, string name, string category, string unit, string facility = Facility) => new()
    {
        Id = id, FacilityId = facility, ProductName = name, ProductCategory = category, InventoryUnit = unit, CreatedAt = Now, UpdatedAt = Now,
    };

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

public sealed class SqlitePivotDatabase() : PivotDatabase(DatabaseProvider.Sqlite);

public sealed class PostgresPivotDatabase() : PivotDatabase(DatabaseProvider.Postgres);
