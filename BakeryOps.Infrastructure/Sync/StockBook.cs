using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Inventory;
using BakeryOps.Infrastructure.Inventory;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BakeryOps.Infrastructure.Sync;

/// <summary>
/// The stock of the products one window of ledger rows touches, read once under lock and moved in memory row by row,
/// so a window of thousands of rows costs a few statements instead of two per row. The same rules as an adjustment
/// through <see cref="InventoryService"/>: on-hand and the batch may not go below zero unless the facility allows it.
/// </summary>
internal sealed class StockBook
{
    private readonly Facility _facility;
    private readonly BakeryOpsDbContext _db;
    private readonly Dictionary<string, decimal> _onHand;
    private readonly Dictionary<(string ProductId, string BatchNumber), Batch> _batches;
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);

    private StockBook(Facility facility, BakeryOpsDbContext db, Dictionary<string, decimal> onHand, Dictionary<(string, string), Batch> batches)
    {
        _facility = facility;
        _db = db;
        _onHand = onHand;
        _batches = batches;
    }

    /// <summary>The products whose on-hand this window moved.</summary>
    public IReadOnlyCollection<string> ChangedProducts => _changed;

    /// <summary>
    /// Locks the products' rows (an UPDATE holds them until commit on PostgreSQL; SQLite's write transaction holds the
    /// whole database), then reads their on-hand and the batches named, tracked so that changes are saved with the window.
    /// </summary>
    public static async Task<StockBook> OpenAsync(
        BakeryOpsDbContext db, Facility facility, IReadOnlyCollection<string> productIds, IReadOnlyCollection<string> batchNumbers,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (productIds.Count == 0)
        {
            return new StockBook(facility, db, [], []);
        }

        await db.Products.Where(p => productIds.Contains(p.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.UpdatedAt, now), cancellationToken);
        var onHand = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.OnHand, StringComparer.Ordinal, cancellationToken);
        var batches = batchNumbers.Count == 0
            ? []
            : await db.Batches.Where(b => productIds.Contains(b.ProductId) && batchNumbers.Contains(b.BatchNumber))
                .ToDictionaryAsync(b => (b.ProductId, b.BatchNumber), cancellationToken);
        return new StockBook(facility, db, onHand, batches);
    }

    /// <summary>Moves the product's on-hand and its batch by <paramref name="delta"/>, or says in words why it cannot.</summary>
    public string? TryMove(Product product, MovementType type, decimal quantity, string unit, decimal delta, string? batchNumber, DateTimeOffset now)
    {
        var allowNegative = _facility.AllowNegativeOnHand;
        var current = _onHand[product.Id];
        if (!allowNegative && current + delta < 0m)
        {
            return $"{type.Code()} of {quantity} {unit} would take {product.ProductName} ({product.Id}) below zero.";
        }

        if (batchNumber is not null)
        {
            var batch = _batches.GetValueOrDefault((product.Id, batchNumber));
            var held = batch?.QuantityOnHand ?? 0m;
            if (!allowNegative && held + delta < 0m)
            {
                return $"{type.Code()} of {quantity} {unit} would take batch {batchNumber} of {product.ProductName} below zero (it holds {held} {product.InventoryUnit}).";
            }

            if (batch is null)
            {
                batch = new Batch
                {
                    Id = InventoryIds.NewBatchId(), FacilityId = _facility.Id, ProductId = product.Id, BatchNumber = batchNumber,
                    LotNumber = batchNumber, QuantityOnHand = delta, CreatedAt = now, UpdatedAt = now,
                };
                _batches.Add((product.Id, batchNumber), batch);
                _db.Batches.Add(batch);
            }
            else
            {
                batch.QuantityOnHand = held + delta;
                batch.LotNumber ??= batchNumber;
                batch.UpdatedAt = now;
            }
        }

        _onHand[product.Id] = current + delta;
        _changed.Add(product.Id);
        return null;
    }

    /// <summary>Writes the products' new on-hand; the batches are tracked and saved with the window.</summary>
    public async Task SaveAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var productId in _changed)
        {
            var onHand = _onHand[productId];
            await _db.Products.Where(p => p.Id == productId)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.OnHand, onHand).SetProperty(p => p.UpdatedAt, now), cancellationToken);
        }
    }
}
