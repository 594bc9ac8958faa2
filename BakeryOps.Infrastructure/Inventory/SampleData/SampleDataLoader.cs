using System.Globalization;
using System.Text;
using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Inventory;
using BakeryOps.Infrastructure.Configuration;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Inventory.SampleData;

/// <summary>What one <see cref="SampleDataLoader.LoadAsync"/> call added; all zero when everything was already there.</summary>
public sealed record SampleDataLoadResult(
    IReadOnlyList<string> FacilityIds, int FacilitiesCreated, int ProductsCreated, int BatchesCreated, int MovementsCreated);

/// <summary>
/// Loads the sample bakery (<see cref="BakerySampleData"/>): one facility per JDE branch, one product per item
/// stocked there, and for each opening balance a short history of movements, recorded through
/// <see cref="InventoryService.RecordAdjustmentsAsync(BakeryOpsDbContext, string, IReadOnlyList{AdjustmentInput}, bool, string, CancellationToken)"/>
/// exactly like API traffic, whose net equals the balance in the bakery's unit. Deterministic and idempotent:
/// product ids are <c>prod_{mcu}_{itm}</c>, existing products are skipped, and history is only posted for products
/// this call created. Each facility is written in one transaction.
/// </summary>
public sealed partial class SampleDataLoader(
    IDbContextFactory<BakeryOpsDbContext> contexts,
    InventoryService inventory,
    IOptions<SiteOptions> site,
    TimeProvider clock,
    ILogger<SampleDataLoader> logger)
{
    /// <summary>The <c>createdBy</c> of the sample movements.</summary>
    public const string UserName = "sample-data";

    /// <summary>The branch that becomes the configured default facility (<c>Site:DefaultFacilityId</c>).</summary>
    public const string MainBranchMcu = "1110";

    private const int HistoryDays = 14;

    public BakerySampleData Data { get; } = BakerySampleData.Default;

    /// <summary>The facility id of a branch: the default facility for 1110, else the branch name in lower snake case.</summary>
    public string FacilityIdFor(SampleBranch branch) =>
        branch.Mcu == MainBranchMcu ? site.Value.DefaultFacilityId : SnakeCase(branch.Name);

    /// <summary>The sample product id of an item in a branch.</summary>
    public static string ProductIdFor(string mcu, int shortItemNumber) =>
        string.Create(CultureInfo.InvariantCulture, $"prod_{mcu}_{shortItemNumber}");

    /// <summary>
    /// Loads the branch whose facility is <paramref name="facilityId"/>, or every branch when it is null.
    /// Throws <see cref="NotFoundException"/> when no sample branch maps to <paramref name="facilityId"/>.
    /// </summary>
    public async Task<SampleDataLoadResult> LoadAsync(string? facilityId, CancellationToken cancellationToken)
    {
        var branches = Data.Branches.Select(b => (Branch: b, FacilityId: FacilityIdFor(b))).ToList();
        if (branches.GroupBy(b => b.FacilityId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            throw new InvalidOperationException($"Two sample branches map to facility '{clash.Key}'; change Site:DefaultFacilityId.");
        }

        if (facilityId is not null)
        {
            branches = branches.Where(b => string.Equals(b.FacilityId, facilityId.Trim(), StringComparison.Ordinal)).ToList();
            if (branches.Count == 0)
            {
                throw new NotFoundException(
                    $"There is no sample data for facility '{facilityId}'; the sample facilities are {string.Join(", ", Data.Branches.Select(FacilityIdFor))}.");
            }
        }

        var now = clock.GetUtcNow();
        var facilitiesCreated = 0;
        var productsCreated = 0;
        var batchesCreated = 0;
        var movementsCreated = 0;
        foreach (var (branch, id) in branches)
        {
            var loaded = await LoadBranchAsync(branch, id, now, cancellationToken);
            facilitiesCreated += loaded.FacilitiesCreated;
            productsCreated += loaded.ProductsCreated;
            batchesCreated += loaded.BatchesCreated;
            movementsCreated += loaded.MovementsCreated;
        }

        return new SampleDataLoadResult(branches.Select(b => b.FacilityId).ToList(), facilitiesCreated, productsCreated, batchesCreated, movementsCreated);
    }

    private async Task<SampleDataLoadResult> LoadBranchAsync(SampleBranch branch, string facilityId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var facilityCreated = 0;
            if (!await db.Facilities.AnyAsync(f => f.Id == facilityId, cancellationToken))
            {
                db.Facilities.Add(new Facility
                {
                    Id = facilityId, Name = branch.Name, JdeBusinessUnit = branch.Mcu, JdeLinkedAt = now, AllowNegativeOnHand = branch.AllowsNegativeOnHand,
                    CreatedAt = now, UpdatedAt = now,
                });
                facilityCreated = 1;
            }

            // Stocked items, plus any item with a balance here that the item master does not list (the balance wins).
            var balances = Data.OpeningBalances.Where(b => b.Mcu == branch.Mcu).ToList();
            var items = Data.Items.Where(i => i.Branches.Contains(branch.Mcu))
                .Concat(balances.Select(b => Data.ItemsByNumber[b.ShortItemNumber]))
                .DistinctBy(i => i.ShortItemNumber)
                .ToList();
            var ids = items.Select(i => ProductIdFor(branch.Mcu, i.ShortItemNumber)).ToList();
            var existing = (await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => p.Id).ToListAsync(cancellationToken))
                .ToHashSet(StringComparer.Ordinal);

            var created = new Dictionary<int, string>();
            foreach (var item in items)
            {
                var productId = ProductIdFor(branch.Mcu, item.ShortItemNumber);
                if (existing.Contains(productId))
                {
                    continue;
                }

                db.Products.Add(NewProduct(item, branch, facilityId, productId, now));
                created[item.ShortItemNumber] = productId;
            }

            await db.SaveChangesAsync(cancellationToken);

            var adjustments = new List<AdjustmentInput>();
            foreach (var balance in balances)
            {
                if (created.TryGetValue(balance.ShortItemNumber, out var productId))
                {
                    adjustments.AddRange(History(Data.ItemsByNumber[balance.ShortItemNumber], balance, productId, now));
                }
            }

            var movements = adjustments.Count == 0
                ? []
                : await inventory.RecordAdjustmentsAsync(db, facilityId, adjustments, isArray: true, UserName, cancellationToken);
            await transaction.CommitAsync(cancellationToken);

            var batches = adjustments.Select(a => (a.ProductId, a.BatchNumber)).Distinct().Count();
            LogBranchLoaded(logger, facilityId, branch.Mcu, facilityCreated, created.Count, batches, movements.Count);
            return new SampleDataLoadResult([facilityId], facilityCreated, created.Count, batches, movements.Count);
        }
        catch (DbUpdateException exception)
        {
            throw new ConflictException($"Sample data for facility {facilityId} could not be saved; it may be loading concurrently ({exception.GetBaseException().Message}). Try again.");
        }
    }

    private static Product NewProduct(SampleItem item, SampleBranch branch, string facilityId, string productId, DateTimeOffset now)
    {
        var input = new ProductInput(
            item.Description1, item.Description2, item.Category, item.BakeryUnit, Archived: false,
            new JdeLinkInput(item.ShortItemNumber, item.SecondItemNumber, branch.Mcu),
            ConversionsOf(item),
            // The item master's attributes, so that a first item master sync of a fresh sample reviews clean.
            item.StockingType, item.GlClass, item.LotControlled, item.ShelfLifeDays ?? 0);
        var valid = ProductValidation.Validate(input);
        var product = new Product
        {
            Id = productId, FacilityId = facilityId, ProductName = valid.ProductName, InventoryUnit = valid.InventoryUnit,
            CreatedAt = now, UpdatedAt = now,
        };
        valid.ApplyTo(product);
        return product;
    }

    /// <summary>A conversion from the JDE unit only where the catalogue cannot convert it (CS or PK to EA); KG→G and LT→ML it can.</summary>
    private static List<UnitConversionInput> ConversionsOf(SampleItem item)
    {
        if (!UnitCatalogue.TryFind(item.JdeUnit, out var jde) || !UnitCatalogue.TryFind(item.BakeryUnit, out var bakery))
        {
            throw new InvalidOperationException($"Sample item {item.ShortItemNumber}: unit {item.JdeUnit} or {item.BakeryUnit} is not in the unit catalogue.");
        }

        if (UnitCatalogue.StandardFactor(jde, bakery) is { } standard)
        {
            return standard == item.BakeryUnitsPerJdeUnit
                ? []
                : throw new InvalidOperationException(
                    $"Sample item {item.ShortItemNumber}: 1 {jde.Code} is {standard} {bakery.Code}, but bakery_units_per_jde_uom says {item.BakeryUnitsPerJdeUnit}.");
        }

        return [new UnitConversionInput(jde.Code, item.BakeryUnitsPerJdeUnit)];
    }

    /// <summary>
    /// Receipts in the JDE unit, a usage (and sometimes a waste) in the bakery unit, all into one batch, over the last
    /// days (at most half the shelf life, so the batch is well before its expiry). The net is the balance in the bakery unit.
    /// </summary>
    internal static IReadOnlyList<AdjustmentInput> History(SampleItem item, SampleOpeningBalance balance, string productId, DateTimeOffset now)
    {
        var random = new Random(StableSeed($"{balance.ShortItemNumber}/{balance.Mcu}"));
        var factor = item.BakeryUnitsPerJdeUnit;
        var extra = Math.Max(1m, Math.Floor(balance.Quantity * Fraction(random, 0.15, 0.5)));
        var received = balance.Quantity + extra;
        var firstReceipt = Math.Floor(received * Fraction(random, 0.4, 0.7));
        var receipts = firstReceipt >= 1m && firstReceipt < received ? new[] { firstReceipt, received - firstReceipt } : [received];

        var consumed = extra * factor;
        var waste = consumed >= 2m && random.NextDouble() < 0.35 ? Math.Max(1m, Math.Floor(consumed * Fraction(random, 0.05, 0.15))) : 0m;
        var usage = consumed - waste;

        var manufactured = item.StockingType == "M";
        var steps = new List<(MovementType Type, decimal Quantity, string Unit, string Reason)>
        {
            (MovementType.Receipt, receipts[0], balance.JdeUnit, manufactured ? "Sample data: baked" : "Sample data: delivery"),
        };
        var usageStep = (MovementType.Usage, usage, item.BakeryUnit, manufactured ? "Sample data: sold" : "Sample data: used in production");
        if (receipts.Length > 1)
        {
            var usageFirst = usage <= receipts[0] * factor;
            if (usageFirst)
            {
                steps.Add(usageStep);
            }

            steps.Add((MovementType.Receipt, receipts[1], balance.JdeUnit, manufactured ? "Sample data: second bake" : "Sample data: second delivery"));
            if (!usageFirst)
            {
                steps.Add(usageStep);
            }
        }
        else
        {
            steps.Add(usageStep);
        }

        if (waste > 0)
        {
            steps.Add((MovementType.Waste, waste, item.BakeryUnit, manufactured ? "Sample data: unsold" : "Sample data: damaged"));
        }

        var days = item.ShelfLifeDays is { } shelfLife ? Math.Clamp(shelfLife / 2, 1, HistoryDays) : HistoryDays;
        var end = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        var start = end.AddDays(-days);
        var dates = steps.Select((_, k) =>
        {
            var fraction = (k + 0.1 + (0.8 * random.NextDouble())) / steps.Count;
            return start.AddMinutes(Math.Floor(days * 24 * 60 * fraction));
        }).ToList();

        var batchNumber = balance.Lot ?? $"{item.SecondItemNumber}-{dates[0].ToString("yyMMdd", CultureInfo.InvariantCulture)}";
        DateOnly? expiry = item.ShelfLifeDays is { } life ? DateOnly.FromDateTime(dates[0].UtcDateTime).AddDays(life) : null;
        return steps.Select((step, k) => new AdjustmentInput(
            productId, step.Quantity, step.Unit, step.Type.Code(), batchNumber, balance.Lot, Reason: step.Reason,
            AdjustmentDate: dates[k], ExpiryDate: step.Type == MovementType.Receipt ? expiry : null)).ToList();
    }

    private static decimal Fraction(Random random, double min, double max) =>
        decimal.Round((decimal)(min + ((max - min) * random.NextDouble())), 2);

    /// <summary>The same seed in every process (string.GetHashCode is randomised per process).</summary>
    private static int StableSeed(string key)
    {
        var hash = 17;
        foreach (var c in key)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }

    private static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '_')
            {
                builder.Append('_');
            }
        }

        return builder.ToString().TrimEnd('_');
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Sample data for facility {FacilityId} (branch {Mcu}): {Facilities} facility, {Products} products, {Batches} batches, {Movements} movements created")]
    private static partial void LogBranchLoaded(ILogger logger, string facilityId, string mcu, int facilities, int products, int batches, int movements);
}
