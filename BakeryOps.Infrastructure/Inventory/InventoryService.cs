using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Input;
using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Paging;
using BakeryOps.Infrastructure.Lake.Outbox;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BakeryOps.Infrastructure.Inventory;

/// <summary>
/// The Bakery Operations system of record: products, batches and movements. The API, the pages and the sync jobs
/// all go through here. Every write takes a context whose transaction the caller owns, so a write and its
/// idempotency record commit together; the overloads without one open their own.
/// </summary>
public sealed partial class InventoryService(
    IDbContextFactory<BakeryOpsDbContext> contexts,
    TimeProvider clock,
    StockNotifications stockNotifications,
    ILogger<InventoryService> logger)
{
    public async Task<IReadOnlyList<Facility>> ListFacilitiesAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Facilities.AsNoTracking().OrderBy(f => f.Id).ToListAsync(cancellationToken);
    }

    public async Task<Facility> GetFacilityAsync(string facilityId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await FindFacilityAsync(db, facilityId, cancellationToken);
    }

    public async Task<PagedResult<ProductView>> ListProductsAsync(string facilityId, ProductQuery query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (InputText.Problem(facilityId) is not null || InputText.Problem(query.ProductCategory) is not null || InputText.Problem(query.Search) is not null)
        {
            // An unknown facility answers 404 before a bad filter answers 400.
            await FindFacilityAsync(db, facilityId, cancellationToken);
            InputText.Require("productCategory", query.ProductCategory);
            InputText.Require("q", query.Search);
        }

        var products = db.Products.AsNoTracking().Where(p => p.FacilityId == facilityId);
        if (query.Archived is { } archived)
        {
            products = products.Where(p => p.Archived == archived);
        }

        if (!string.IsNullOrWhiteSpace(query.ProductCategory))
        {
            products = products.Where(p => p.ProductCategory == query.ProductCategory);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim().ToLower();
            products = products.Where(p => p.ProductName.ToLower().Contains(term)
                || p.Description.ToLower().Contains(term)
                || (p.JdeSecondItemNumber != null && p.JdeSecondItemNumber.ToLower().Contains(term)));
        }

        IQueryable<Product> sorted;
        try
        {
            sorted = ProductSort.Apply(products, query.Sort);
        }
        catch (RequestValidationException)
        {
            await FindFacilityAsync(db, facilityId, cancellationToken);
            throw;
        }

        var rows = await sorted
            .Skip(Math.Max(0, query.Offset))
            .Take(Math.Clamp(query.Size, 1, ProductQuery.MaxSize))
            .Select(p => new Counted<ProductView>(
                new ProductView(
                    p.Id, p.FacilityId, p.ProductName, p.Description, p.ProductCategory, p.InventoryUnit,
                    new OnHandView(p.OnHand, p.InventoryUnit, p.OnHand < 0, Array.Empty<BatchView>()),
                    p.Archived,
                    new JdeLinkView(p.JdeShortItemNumber, p.JdeSecondItemNumber, p.JdeBranchPlant),
                    UnitConversionView.From(p.Conversions),
                    p.StockingType, p.GlClass, p.LotControlled, p.ShelfLifeDays, p.Version, p.CreatedAt, p.UpdatedAt),
                products.Count()))
            .ToListAsync(cancellationToken);
        var total = await TotalAsync(db, facilityId, rows, products, query.Offset, cancellationToken);

        var page = rows.ConvertAll(r => r.Item);
        if (query.IncludeBatches && page.Count > 0)
        {
            var batches = await BatchesOfAsync(db, page.ConvertAll(p => p.Id), cancellationToken);
            page = page.ConvertAll(p => p.WithBatches(batches.GetValueOrDefault(p.Id)));
        }

        return new PagedResult<ProductView>(page, total);
    }

    /// <summary>The categories in use in a facility, for filters and suggestions.</summary>
    public async Task<IReadOnlyList<string>> ListCategoriesAsync(string facilityId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await FindFacilityAsync(db, facilityId, cancellationToken);
        return await db.Products.AsNoTracking().Where(p => p.FacilityId == facilityId)
            .Select(p => p.ProductCategory).Distinct().OrderBy(c => c).ToListAsync(cancellationToken);
    }

    public async Task<ProductView> GetProductAsync(string facilityId, string productId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var product = await FindProductAsync(db, facilityId, productId, cancellationToken);
        var batches = await BatchesOfAsync(db, [product.Id], cancellationToken);
        return ProductView.From(product, batches.GetValueOrDefault(product.Id) ?? []);
    }

    public Task<ProductView> CreateProductAsync(string facilityId, ProductInput input, CancellationToken cancellationToken) =>
        InTransactionAsync(db => CreateProductAsync(db, facilityId, input, cancellationToken), cancellationToken);

    public async Task<ProductView> CreateProductAsync(BakeryOpsDbContext db, string facilityId, ProductInput input, CancellationToken cancellationToken)
    {
        await FindFacilityAsync(db, facilityId, cancellationToken);
        var valid = ProductValidation.Validate(input);
        var now = clock.GetUtcNow();
        var product = new Product
        {
            Id = InventoryIds.NewProductId(), FacilityId = facilityId, ProductName = valid.ProductName,
            InventoryUnit = valid.InventoryUnit, CreatedAt = now, UpdatedAt = now,
        };
        valid.ApplyTo(product);
        db.Products.Add(product);
        await db.SaveChangesAsync(cancellationToken);
        LogProductCreated(logger, product.Id, facilityId);
        return ProductView.From(product, []);
    }

    public Task<ProductView> UpdateProductAsync(
        string facilityId, string productId, ProductInput input, int? expectedVersion, CancellationToken cancellationToken) =>
        InTransactionAsync(db => UpdateProductAsync(db, facilityId, productId, input, expectedVersion, cancellationToken), cancellationToken);

    /// <summary>Replaces the writable fields. A stale <paramref name="expectedVersion"/> or a concurrent edit is a conflict.</summary>
    public async Task<ProductView> UpdateProductAsync(
        BakeryOpsDbContext db, string facilityId, string productId, ProductInput input, int? expectedVersion, CancellationToken cancellationToken)
    {
        var product = await FindProductAsync(db, facilityId, productId, cancellationToken, tracked: true);
        if (expectedVersion is { } version && version != product.Version)
        {
            throw new ConflictException($"Product {productId} was changed by someone else (version {product.Version}, you sent {version}); reload it and try again.");
        }

        var valid = ProductValidation.Validate(input);
        if (valid.InventoryUnit != product.InventoryUnit && await db.Movements.AnyAsync(m => m.ProductId == product.Id, cancellationToken))
        {
            throw new ConflictException(
                $"Product {productId} already has movements in {product.InventoryUnit}; its inventory unit cannot change. Add a unit conversion instead.");
        }

        valid.ApplyTo(product);
        product.Version++;
        product.UpdatedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException($"Product {productId} was changed by someone else while you edited it; reload it and try again.");
        }

        var batches = await BatchesOfAsync(db, [product.Id], cancellationToken);
        return ProductView.From(product, batches.GetValueOrDefault(product.Id) ?? []);
    }

    public async Task<ProductView> SetArchivedAsync(string facilityId, string productId, bool archived, CancellationToken cancellationToken)
    {
        var current = await GetProductAsync(facilityId, productId, cancellationToken);
        return await UpdateProductAsync(facilityId, productId, current.ToInput() with { Archived = archived }, current.Version, cancellationToken);
    }

    public async Task<IReadOnlyList<MovementView>> RecordAdjustmentsAsync(
        string facilityId, IReadOnlyList<AdjustmentInput> inputs, bool isArray, string userName, CancellationToken cancellationToken)
    {
        var movements = await InTransactionAsync(db => RecordAdjustmentsAsync(db, facilityId, inputs, isArray, userName, cancellationToken), cancellationToken);
        stockNotifications.Publish(facilityId);
        return movements;
    }

    /// <summary>Tells the open pages that the facility's stock changed; for callers that commit their own transaction, after it.</summary>
    public void StockChanged(string facilityId) => stockNotifications.Publish(facilityId);

    /// <summary>
    /// Records every adjustment or none. On-hand changes by a single conditional UPDATE per adjustment, so concurrent
    /// movements on one product serialise on its row and none is lost; one that would take the product or its batch
    /// below zero (where the facility does not allow it) fails the whole request.
    /// </summary>
    public async Task<IReadOnlyList<MovementView>> RecordAdjustmentsAsync(
        BakeryOpsDbContext db, string facilityId, IReadOnlyList<AdjustmentInput> inputs, bool isArray, string userName,
        CancellationToken cancellationToken)
    {
        var facility = await FindFacilityAsync(db, facilityId, cancellationToken);
        // An id that is not text cannot name a product; the validation below says so for its field.
        var ids = inputs.Where(i => !string.IsNullOrWhiteSpace(i?.ProductId) && InputText.Problem(i.ProductId) is null)
            .Select(i => i.ProductId!.Trim()).Distinct().ToList();
        var products = await db.Products.AsNoTracking()
            .Where(p => p.FacilityId == facilityId && ids.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, cancellationToken);
        var missing = ids.Where(id => !products.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            throw new NotFoundException($"Facility {facilityId} has no product {string.Join(", ", missing)}.");
        }

        var now = clock.GetUtcNow();
        var adjustments = AdjustmentValidation.Validate(inputs, isArray, products, now);
        var movements = new List<Movement>(adjustments.Count);
        foreach (var adjustment in adjustments)
        {
            movements.Add(await ApplyAsync(db, facility, adjustment, new MovementOrigin(MovementSource.Bakery, null, userName), now, cancellationToken));
        }

        await QueueStockChangesAsync(db, ids, now, cancellationToken);

        await db.SaveChangesAsync(cancellationToken);
        LogAdjustmentsRecorded(logger, movements.Count, facilityId, userName);
        return movements.Select(m => MovementView.From(m, null)).ToList();
    }

    public async Task<PagedResult<MovementView>> ListMovementsAsync(string facilityId, MovementQuery query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var movements = db.Movements.AsNoTracking().Where(m => m.FacilityId == facilityId);
        if (InputText.Problem(facilityId) is not null || InputText.Problem(query.ProductId) is not null)
        {
            // An unknown facility answers 404 before a bad filter answers 400.
            await FindFacilityAsync(db, facilityId, cancellationToken);
            InputText.Require("productId", query.ProductId);
        }

        if (query.MovementTypes is { Count: > 0 } types)
        {
            var parsed = new List<MovementType>();
            foreach (var type in types)
            {
                if (!MovementTypes.TryParse(type, out var value))
                {
                    await FindFacilityAsync(db, facilityId, cancellationToken);
                    throw RequestValidationException.For("movementTypes", $"'{type}' is not one of RECEIPT, USAGE, ADJUSTMENT, WASTE, TRANSFER.");
                }

                parsed.Add(value);
            }

            movements = movements.Where(m => parsed.Contains(m.Type));
        }

        // Instants are stored in UTC; PostgreSQL refuses other offsets as parameters.
        if (query.StartDate?.ToUniversalTime() is { } start)
        {
            movements = movements.Where(m => m.AdjustmentDate >= start);
        }

        if (query.EndDate?.ToUniversalTime() is { } end)
        {
            movements = movements.Where(m => m.AdjustmentDate <= end);
        }

        if (!string.IsNullOrWhiteSpace(query.ProductId))
        {
            movements = movements.Where(m => m.ProductId == query.ProductId);
        }

        var ordered = query.Descending
            ? movements.OrderByDescending(m => m.AdjustmentDate).ThenByDescending(m => m.Id)
            : movements.OrderBy(m => m.AdjustmentDate).ThenBy(m => m.Id);
        var rows = await ordered.Skip(Math.Max(0, query.Offset)).Take(Math.Clamp(query.Size, 1, ProductQuery.MaxSize))
            .Select(m => new Counted<MovementView>(
                new MovementView(
                    m.Id, m.FacilityId, m.ProductId, m.BatchNumber, m.Quantity, m.Unit, m.Type.Code(), m.Reason, m.AdjustmentDate,
                    m.VesselCode, m.LotNumber, m.InventoryQuantity, MovementView.SourceCode(m.Source), m.JdeLedgerKey, m.CreatedBy,
                    m.CreatedAt, null),
                movements.Count()))
            .ToListAsync(cancellationToken);
        var total = await TotalAsync(db, facilityId, rows, movements, query.Offset, cancellationToken);

        var page = rows.ConvertAll(r => r.Item);
        if (query.IncludeProductDetails && page.Count > 0)
        {
            var productIds = page.Select(m => m.ProductId).Distinct().ToList();
            var details = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id))
                .ToDictionaryAsync(p => p.Id, p => new MovementProductView(p.Id, p.ProductName, p.InventoryUnit, p.ProductCategory), cancellationToken);
            page = page.ConvertAll(m => m with { Product = details.GetValueOrDefault(m.ProductId) });
        }

        return new PagedResult<MovementView>(page, total);
    }

    /// <summary>
    /// The total behind a page that carried it (a scalar subquery of the page query: one round trip). An empty page
    /// counts on its own when it lies past the end. Rows of a facility prove that it exists, so the facility is
    /// looked up only when there are none, to tell an empty facility from an unknown one.
    /// </summary>
    private static async Task<int> TotalAsync<TItem, TEntity>(
        BakeryOpsDbContext db, string facilityId, List<Counted<TItem>> rows, IQueryable<TEntity> filtered, int offset,
        CancellationToken cancellationToken)
    {
        var total = rows.Count > 0 ? rows[0].Total : offset > 0 ? await filtered.CountAsync(cancellationToken) : 0;
        if (total == 0)
        {
            await FindFacilityAsync(db, facilityId, cancellationToken);
        }

        return total;
    }

    private sealed record Counted<T>(T Item, int Total);

    /// <summary>Applies one validated adjustment: on-hand and batch in SQL, then the movement row (saved by the caller).</summary>
    internal async Task<Movement> ApplyAsync(
        BakeryOpsDbContext db, Facility facility, ValidAdjustment adjustment, MovementOrigin origin, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var product = adjustment.Product;
        var delta = adjustment.InventoryQuantity;
        var allowNegative = facility.AllowNegativeOnHand;
        var updated = await db.Products
            .Where(p => p.Id == product.Id && (allowNegative || p.OnHand + delta >= 0m))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.OnHand, p => p.OnHand + delta).SetProperty(p => p.UpdatedAt, now), cancellationToken);
        if (updated == 0)
        {
            BakeryOpsMetrics.OnHandWriteRefused("product_below_zero");
            throw new ConflictException(
                $"{adjustment.Type.Code()} of {adjustment.Quantity} {adjustment.Unit} would take {product.ProductName} ({product.Id}) below zero.");
        }

        if (adjustment.BatchNumber is { } batchNumber)
        {
            try
            {
                await ApplyToBatchAsync(db, facility, adjustment, batchNumber, now, cancellationToken);
            }
            catch (ConflictException)
            {
                // The product's row already moved in this transaction; a caller that goes on (the sync quarantines the
                // row and carries on) must find it as it was.
                await db.Products.Where(p => p.Id == product.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.OnHand, p => p.OnHand - delta), cancellationToken);
                throw;
            }
        }


        var movement = new Movement
        {
            Id = InventoryIds.NewMovementId(), FacilityId = facility.Id, ProductId = product.Id, BatchNumber = adjustment.BatchNumber,
            LotNumber = adjustment.LotNumber, VesselCode = adjustment.VesselCode, Quantity = adjustment.Quantity, Unit = adjustment.Unit,
            InventoryQuantity = delta, Type = adjustment.Type, Reason = adjustment.Reason, AdjustmentDate = adjustment.AdjustmentDate,
            Source = origin.Source, JdeLedgerKey = origin.JdeLedgerKey, CreatedBy = origin.UserName, CreatedAt = now,
        };
        db.Movements.Add(movement);
        return movement;
    }

    /// <summary>
    /// On-hand moves by conditional UPDATEs that bypass the change tracker, so the lake outbox interceptor cannot see
    /// them: each product as it now stands (its row stays locked by those UPDATEs until commit) is queued here, once
    /// per request, with one query for all of them.
    /// </summary>
    internal static async Task QueueStockChangesAsync(BakeryOpsDbContext db, IReadOnlyList<string> productIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var changed = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToListAsync(cancellationToken);
        db.LakeOutbox.AddRange(changed.Select(product =>
            BakeryOpsLakeDatasets.Products.Entry(BakeryOpsProductRecord.Of(product, BakeryOpsProductRecord.Stock, now), now)));
    }

    private static async Task ApplyToBatchAsync(
        BakeryOpsDbContext db, Facility facility, ValidAdjustment adjustment, string batchNumber, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The product row is locked by the UPDATE above until commit, so this read-modify-write cannot interleave
        // with another movement of the same product.
        var batch = db.Batches.Local.FirstOrDefault(b => b.ProductId == adjustment.Product.Id && b.BatchNumber == batchNumber)
            ?? await db.Batches.FirstOrDefaultAsync(b => b.ProductId == adjustment.Product.Id && b.BatchNumber == batchNumber, cancellationToken);
        var current = batch?.QuantityOnHand ?? 0m;
        if (current + adjustment.InventoryQuantity < 0 && !facility.AllowNegativeOnHand)
        {
            BakeryOpsMetrics.OnHandWriteRefused("batch_below_zero");
            throw new ConflictException(
                $"{adjustment.Type.Code()} of {adjustment.Quantity} {adjustment.Unit} would take batch {batchNumber} of {adjustment.Product.ProductName} below zero (it holds {current} {adjustment.Product.InventoryUnit}).");
        }

        if (batch is null)
        {
            db.Batches.Add(new Batch
            {
                Id = InventoryIds.NewBatchId(), FacilityId = facility.Id, ProductId = adjustment.Product.Id, BatchNumber = batchNumber,
                LotNumber = adjustment.LotNumber, QuantityOnHand = adjustment.InventoryQuantity, ExpiryDate = adjustment.ExpiryDate,
                VesselCode = adjustment.VesselCode, CreatedAt = now, UpdatedAt = now,
            });
            return;
        }

        batch.QuantityOnHand = current + adjustment.InventoryQuantity;
        batch.LotNumber ??= adjustment.LotNumber;
        batch.ExpiryDate ??= adjustment.ExpiryDate;
        batch.VesselCode = adjustment.VesselCode ?? batch.VesselCode;
        batch.UpdatedAt = now;
    }

    private async Task<T> InTransactionAsync<T>(Func<BakeryOpsDbContext, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await work(db);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    // Ids that are not text (a NUL, say) name nothing; they are not sent to the database, which may refuse them.
    private static async Task<Facility> FindFacilityAsync(BakeryOpsDbContext db, string facilityId, CancellationToken cancellationToken) =>
        (InputText.Problem(facilityId) is null ? await db.Facilities.AsNoTracking().FirstOrDefaultAsync(f => f.Id == facilityId, cancellationToken) : null)
        ?? throw new NotFoundException($"There is no facility '{facilityId}'.");

    private static async Task<Product> FindProductAsync(
        BakeryOpsDbContext db, string facilityId, string productId, CancellationToken cancellationToken, bool tracked = false)
    {
        await FindFacilityAsync(db, facilityId, cancellationToken);
        var products = tracked ? db.Products : db.Products.AsNoTracking();
        var product = InputText.Problem(productId) is null
            ? await products.FirstOrDefaultAsync(p => p.FacilityId == facilityId && p.Id == productId, cancellationToken)
            : null;
        return product
            ?? throw new NotFoundException($"Facility {facilityId} has no product '{productId}'.");
    }

    private static async Task<Dictionary<string, List<Batch>>> BatchesOfAsync(
        BakeryOpsDbContext db, IReadOnlyList<string> productIds, CancellationToken cancellationToken)
    {
        var batches = await db.Batches.AsNoTracking()
            .Where(b => productIds.Contains(b.ProductId))
            .OrderBy(b => b.ExpiryDate).ThenBy(b => b.BatchNumber)
            .ToListAsync(cancellationToken);
        return batches.GroupBy(b => b.ProductId).ToDictionary(g => g.Key, g => g.ToList());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Product {ProductId} created in facility {FacilityId}")]
    private static partial void LogProductCreated(ILogger logger, string productId, string facilityId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} adjustment(s) recorded in facility {FacilityId} by {UserName}")]
    private static partial void LogAdjustmentsRecorded(ILogger logger, int count, string facilityId, string userName);
}

/// <summary>Who or what a movement came from: the bakery (a user) or a JD Edwards ledger row.</summary>
internal sealed record MovementOrigin(MovementSource Source, string? JdeLedgerKey, string UserName);
