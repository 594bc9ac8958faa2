using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Inventory;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Infrastructure.Inventory.SampleData;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BakeryOps.Tests.Infrastructure.Inventory;

/// <summary>The sample bakery loads through the same validation and stock path as the API, exactly, on both providers.</summary>
public abstract class SampleDataLoaderTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 10, 6, 30, 0, TimeSpan.Zero);
    private static readonly BakerySampleData Data = BakerySampleData.Default;
    private readonly List<TestDatabase> _databases = [];
    private TestDatabase _database = null!;
    private SampleDataLoader _loader = null!;

    public async Task InitializeAsync() => (_database, _loader) = await NewDatabaseAsync();

    public async Task DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public async Task LoadAsync_WhenEverythingIsLoaded_ThenEachOpeningBalanceIsTheOnHandAndTheBatchQuantityInBakeryUnits()
    {
        await _loader.LoadAsync(null, CancellationToken.None);

        await using var db = _database.CreateContext();
        var products = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.Id);
        var batches = await db.Batches.AsNoTracking().ToListAsync();
        Data.OpeningBalances.Should().HaveCount(49);
        foreach (var balance in Data.OpeningBalances)
        {
            var item = Data.ItemsByNumber[balance.ShortItemNumber];
            var expected = balance.Quantity * item.BakeryUnitsPerJdeUnit;
            var product = products[SampleDataLoader.ProductIdFor(balance.Mcu, balance.ShortItemNumber)];
            var batch = batches.Should().ContainSingle(b => b.ProductId == product.Id, "balance {0} in {1}", balance.ShortItemNumber, balance.Mcu).Subject;

            product.OnHand.Should().Be(expected, "item {0} in {1}", balance.ShortItemNumber, balance.Mcu);
            batch.QuantityOnHand.Should().Be(expected, "item {0} in {1}", balance.ShortItemNumber, balance.Mcu);
            batch.LotNumber.Should().Be(balance.Lot);
            if (balance.Lot is { } lot)
            {
                batch.BatchNumber.Should().Be(lot);
            }
            else
            {
                batch.BatchNumber.Should().MatchRegex($"^{item.SecondItemNumber}-[0-9]{{6}}$");
            }

            if (item.ShelfLifeDays is null)
            {
                batch.ExpiryDate.Should().BeNull();
            }
            else
            {
                batch.ExpiryDate.Should().BeOnOrAfter(DateOnly.FromDateTime(T0.UtcDateTime), "sample batches have not expired yet");
            }
        }
    }

    [Fact]
    public async Task LoadAsync_WhenEverythingIsLoaded_ThenEachProductsMovementsSumToItsOnHand()
    {
        var result = await _loader.LoadAsync(null, CancellationToken.None);

        await using var db = _database.CreateContext();
        var products = await db.Products.AsNoTracking().ToListAsync();
        var movements = await db.Movements.AsNoTracking().ToListAsync();
        var sums = movements.GroupBy(m => m.ProductId).ToDictionary(g => g.Key, g => g.Sum(m => m.InventoryQuantity));
        products.Should().HaveCount(Data.Items.Sum(i => i.Branches.Count));
        foreach (var product in products)
        {
            sums.GetValueOrDefault(product.Id).Should().Be(product.OnHand, "product {0}", product.Id);
        }

        movements.Should().OnlyContain(m => m.Source == MovementSource.Bakery && m.CreatedBy == SampleDataLoader.UserName);
        movements.Should().OnlyContain(m => m.AdjustmentDate <= T0 && m.AdjustmentDate >= T0.AddDays(-14));
        movements.Select(m => m.Type).Distinct().Should().BeEquivalentTo([MovementType.Receipt, MovementType.Usage, MovementType.Waste]);
        result.Should().BeEquivalentTo(new SampleDataLoadResult(
            ["default_facility", "pastry_kitchen", "distribution_centre"], 3, products.Count, 49, movements.Count));
    }

    [Fact]
    public async Task LoadAsync_WhenEggsAreLoaded_ThenFourCasesAreFourteenHundredFortyEggsReceivedInCases()
    {
        await _loader.LoadAsync(null, CancellationToken.None);

        await using var db = _database.CreateContext();
        var eggs = await db.Products.AsNoTracking().SingleAsync(p => p.Id == "prod_1110_60024");
        var receipts = await db.Movements.AsNoTracking().Where(m => m.ProductId == eggs.Id && m.Type == MovementType.Receipt).ToListAsync();
        var usages = await db.Movements.AsNoTracking().Where(m => m.ProductId == eggs.Id && m.Type != MovementType.Receipt).ToListAsync();

        eggs.InventoryUnit.Should().Be("EA");
        eggs.OnHand.Should().Be(1440m);
        eggs.Conversions.Should().Equal(new ProductUnitConversion("CS", 360m));
        receipts.Should().NotBeEmpty().And.OnlyContain(m => m.Unit == "CS" && m.InventoryQuantity == m.Quantity * 360m);
        usages.Should().NotBeEmpty().And.OnlyContain(m => m.Unit == "EA" && m.InventoryQuantity == -m.Quantity);
    }

    [Fact]
    public async Task LoadAsync_WhenFreshYeastIsLoaded_ThenKilogramsBecomeGramsWithoutAProductConversion()
    {
        await _loader.LoadAsync(null, CancellationToken.None);

        await using var db = _database.CreateContext();
        var yeast = await db.Products.AsNoTracking().SingleAsync(p => p.Id == "prod_1120_60030");
        var vanilla = await db.Products.AsNoTracking().SingleAsync(p => p.Id == "prod_1120_60043");
        var receipts = await db.Movements.AsNoTracking().Where(m => m.ProductId == yeast.Id && m.Type == MovementType.Receipt).ToListAsync();

        yeast.InventoryUnit.Should().Be("G");
        yeast.OnHand.Should().Be(12500m);
        yeast.Conversions.Should().BeEmpty();
        receipts.Should().NotBeEmpty().And.OnlyContain(m => m.Unit == "KG" && m.InventoryQuantity == m.Quantity * 1000m);
        vanilla.InventoryUnit.Should().Be("ML");
        vanilla.OnHand.Should().Be(6500m);
        vanilla.Conversions.Should().BeEmpty();
    }

    [Fact]
    public async Task LoadAsync_WhenProductsAreCreated_ThenEachCarriesItsJdeLinkAndDescriptions()
    {
        await _loader.LoadAsync(null, CancellationToken.None);

        await using var db = _database.CreateContext();
        var products = await db.Products.AsNoTracking().ToListAsync();
        var facilities = await db.Facilities.AsNoTracking().ToDictionaryAsync(f => f.Id);
        foreach (var product in products)
        {
            var item = Data.ItemsByNumber[product.JdeShortItemNumber!.Value];
            product.Id.Should().Be(SampleDataLoader.ProductIdFor(product.JdeBranchPlant!, item.ShortItemNumber));
            product.JdeSecondItemNumber.Should().Be(item.SecondItemNumber);
            product.ProductName.Should().Be(item.Description1);
            product.Description.Should().Be(item.Description2);
            product.ProductCategory.Should().Be(item.Category);
            facilities[product.FacilityId].JdeBusinessUnit.Should().Be(product.JdeBranchPlant);
        }

        facilities.Values.Select(f => (f.Id, f.Name, f.JdeBusinessUnit, f.AllowNegativeOnHand)).Should().BeEquivalentTo(
        [
            ("default_facility", "Main Bakery", "1110", false),
            ("pastry_kitchen", "Pastry Kitchen", "1120", false),
            ("distribution_centre", "Distribution Centre", "1130", false),
        ]);
        products.Single(p => p.Id == "prod_1130_60060").Conversions.Should().Equal(new ProductUnitConversion("PK", 50m));
        products.Single(p => p.Id == "prod_1110_60022").InventoryUnit.Should().Be("L");
    }

    [Fact]
    public async Task LoadAsync_WhenLoadedTwice_ThenTheSecondLoadAddsNothing()
    {
        await _loader.LoadAsync(null, CancellationToken.None);
        var before = await CountsAsync(_database);

        var second = await _loader.LoadAsync(null, CancellationToken.None);
        var again = await _loader.LoadAsync("pastry_kitchen", CancellationToken.None);

        second.Should().BeEquivalentTo(new SampleDataLoadResult(["default_facility", "pastry_kitchen", "distribution_centre"], 0, 0, 0, 0));
        again.Should().BeEquivalentTo(new SampleDataLoadResult(["pastry_kitchen"], 0, 0, 0, 0));
        (await CountsAsync(_database)).Should().Be(before);
    }

    [Fact]
    public async Task LoadAsync_WhenOneFacilityIsNamed_ThenOnlyThatFacilityIsLoadedAndTheRestFollowLater()
    {
        var pastry = await _loader.LoadAsync("pastry_kitchen", CancellationToken.None);

        await using (var db = _database.CreateContext())
        {
            (await db.Facilities.Select(f => f.Id).ToListAsync()).Should().Equal("pastry_kitchen");
            (await db.Products.Select(p => p.FacilityId).Distinct().ToListAsync()).Should().Equal("pastry_kitchen");
            (await db.Movements.Select(m => m.FacilityId).Distinct().ToListAsync()).Should().Equal("pastry_kitchen");
        }

        var rest = await _loader.LoadAsync(null, CancellationToken.None);

        pastry.FacilitiesCreated.Should().Be(1);
        pastry.ProductsCreated.Should().Be(Data.Items.Count(i => i.Branches.Contains("1120")));
        rest.FacilitiesCreated.Should().Be(2);
        rest.ProductsCreated.Should().Be(Data.Items.Sum(i => i.Branches.Count) - pastry.ProductsCreated);
        rest.BatchesCreated.Should().Be(49 - pastry.BatchesCreated);
    }

    [Fact]
    public async Task LoadAsync_WhenTheDefaultFacilityExists_ThenItIsKeptAndFilled()
    {
        await using (var db = _database.CreateContext())
        {
            db.Facilities.Add(new Facility { Id = "default_facility", Name = "Our bakery", JdeBusinessUnit = "1110", CreatedAt = T0, UpdatedAt = T0 });
            await db.SaveChangesAsync();
        }

        var result = await _loader.LoadAsync("default_facility", CancellationToken.None);

        await using var read = _database.CreateContext();
        (await read.Facilities.SingleAsync()).Name.Should().Be("Our bakery");
        result.FacilitiesCreated.Should().Be(0);
        result.ProductsCreated.Should().Be(Data.Items.Count(i => i.Branches.Contains("1110")));
    }

    [Fact]
    public async Task LoadAsync_WhenTheDefaultFacilityIdIsConfigured_ThenTheMainBranchUsesIt()
    {
        var (database, _) = await NewDatabaseAsync();
        var loader = NewLoader(database, new SiteOptions { DefaultFacilityId = "main_site" });

        var result = await loader.LoadAsync("main_site", CancellationToken.None);

        await using var db = database.CreateContext();
        result.FacilityIds.Should().Equal("main_site");
        (await db.Products.Select(p => p.FacilityId).Distinct().ToListAsync()).Should().Equal("main_site");
        (await db.Products.SingleAsync(p => p.Id == "prod_1110_60001")).OnHand.Should().Be(2500m);
    }

    [Fact]
    public async Task LoadAsync_WhenTheFacilityHasNoSampleBranch_ThenItThrowsNotFoundAndWritesNothing()
    {
        var load = () => _loader.LoadAsync("scratch", CancellationToken.None);

        await load.Should().ThrowAsync<NotFoundException>().WithMessage("*scratch*pastry_kitchen*");
        (await CountsAsync(_database)).Should().Be((0, 0, 0, 0));
    }

    [Fact]
    public async Task LoadAsync_WhenLoadedIntoTwoDatabases_ThenTheHistoriesAreIdentical()
    {
        var (other, otherLoader) = await NewDatabaseAsync();

        await _loader.LoadAsync(null, CancellationToken.None);
        await otherLoader.LoadAsync(null, CancellationToken.None);

        (await HistoryAsync(other)).Should().Equal(await HistoryAsync(_database));
    }

    private async Task<(TestDatabase Database, SampleDataLoader Loader)> NewDatabaseAsync()
    {
        var database = await TestDatabase.CreateMigratedAsync(provider);
        _databases.Add(database);
        return (database, NewLoader(database, new SiteOptions()));
    }

    private static SampleDataLoader NewLoader(TestDatabase database, SiteOptions site)
    {
        var contexts = database.ContextFactory();
        var clock = new FakeTimeProvider(T0);
        var inventory = new InventoryService(contexts, clock, new StockNotifications(NullLogger<StockNotifications>.Instance), NullLogger<InventoryService>.Instance);
        return new SampleDataLoader(contexts, inventory, Options.Create(site), clock, NullLogger<SampleDataLoader>.Instance);
    }

    private static async Task<(int Facilities, int Products, int Batches, int Movements)> CountsAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        return (await db.Facilities.CountAsync(), await db.Products.CountAsync(), await db.Batches.CountAsync(), await db.Movements.CountAsync());
    }

    private static async Task<List<string>> HistoryAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var movements = await db.Movements.AsNoTracking().ToListAsync();
        return movements
            .Select(m => $"{m.ProductId}|{m.BatchNumber}|{m.Type}|{m.Quantity}|{m.Unit}|{m.InventoryQuantity}|{m.AdjustmentDate:O}|{m.Reason}")
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteSampleDataLoaderTests() : SampleDataLoaderTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresSampleDataLoaderTests() : SampleDataLoaderTests(DatabaseProvider.Postgres);
