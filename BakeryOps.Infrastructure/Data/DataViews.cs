using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Input;
using BakeryOps.Domain.Paging;
using BakeryOps.Infrastructure.Persistence;
using BakeryOps.Infrastructure.Sync;
using Microsoft.EntityFrameworkCore;

namespace BakeryOps.Infrastructure.Data;

/// <summary>
/// The flat, paged read views behind the seed's <c>/data/...</c> endpoints. Each reads one facility in a fixed order
/// (so that pages never overlap or skip a row), counts in SQL and reads only the requested page.
/// </summary>
public sealed class DataViews(IDbContextFactory<BakeryOpsDbContext> contexts, ItemMasterReviews reviews)
{
    /// <summary>Products with their batches, one row per batch; ordered by product name, product id, batch number.</summary>
    /// <exception cref="RequestValidationException">The facility id is malformed.</exception>
    /// <exception cref="NotFoundException">There is no such facility.</exception>
    public async Task<PagedResult<ExpandedProductRow>> ExpandedProductsAsync(string? facilityId, PageRequest page, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var facility = await FindFacilityAsync(db, facilityId, cancellationToken);
        var rows =
            from p in db.Products.AsNoTracking().Where(p => p.FacilityId == facility.Id)
            join b in db.Batches.AsNoTracking() on p.Id equals b.ProductId into batches
            from b in batches.DefaultIfEmpty()
            select new { Product = p, Batch = b };

        var total = await rows.CountAsync(cancellationToken);
        // A product without batches has a single row, so its null batch number cannot tie with another.
        var read = await rows
            .OrderBy(r => r.Product.ProductName).ThenBy(r => r.Product.Id).ThenBy(r => r.Batch!.BatchNumber)
            .Skip(page.Offset).Take(page.Size)
            .ToListAsync(cancellationToken);
        return new PagedResult<ExpandedProductRow>(read.Select(r => ExpandedProductRow.From(r.Product, r.Batch)).ToList(), total);
    }

    /// <summary>Movements with their product, filtered; ordered by date, then id.</summary>
    /// <exception cref="RequestValidationException">The facility id or a filter is malformed.</exception>
    /// <exception cref="NotFoundException">There is no such facility.</exception>
    public async Task<PagedResult<ExpandedMovementRow>> ExpandedMovementsAsync(
        string? facilityId, MovementRowFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        InputText.Require("productId", filter.ProductId);
        if (filter is { From: { } from, To: { } to } && from > to)
        {
            throw RequestValidationException.For("from", "from must not be after to.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var facility = await FindFacilityAsync(db, facilityId, cancellationToken);
        var movements = db.Movements.AsNoTracking().Where(m => m.FacilityId == facility.Id);
        // Instants are stored in UTC; PostgreSQL refuses other offsets as parameters.
        if (filter.From?.ToUniversalTime() is { } start)
        {
            movements = movements.Where(m => m.AdjustmentDate >= start);
        }

        if (filter.To?.ToUniversalTime() is { } end)
        {
            movements = movements.Where(m => m.AdjustmentDate <= end);
        }

        if (!string.IsNullOrWhiteSpace(filter.ProductId))
        {
            var productId = filter.ProductId.Trim();
            movements = movements.Where(m => m.ProductId == productId);
        }

        if (filter.Type is { } type)
        {
            movements = movements.Where(m => m.Type == type);
        }

        var rows = movements.Join(db.Products.AsNoTracking(), m => m.ProductId, p => p.Id, (m, p) => new { Movement = m, Product = p });
        var total = await rows.CountAsync(cancellationToken);
        var read = await rows
            .OrderBy(r => r.Movement.AdjustmentDate).ThenBy(r => r.Movement.Id)
            .Skip(page.Offset).Take(page.Size)
            .ToListAsync(cancellationToken);
        return new PagedResult<ExpandedMovementRow>(read.Select(r => ExpandedMovementRow.From(r.Movement, r.Product)).ToList(), total);
    }

    /// <summary>
    /// The item master review of a facility, one row per difference, in the review's order. The review is computed
    /// from the whole mirror and all products on every read (an item is "gone" only against the complete set), so the
    /// page is cut after the comparison; a branch has a few thousand items at most.
    /// </summary>
    /// <exception cref="RequestValidationException">The facility id is malformed.</exception>
    /// <exception cref="NotFoundException">There is no such facility.</exception>
    /// <exception cref="ConflictException">The facility is not linked to a JD Edwards branch.</exception>
    public async Task<PagedResult<ItemMasterReviewRow>> ItemMasterReviewAsync(string? facilityId, PageRequest page, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var comparison = await reviews.CompareAsync(db, facilityId, cancellationToken);
        var byShortItem = comparison.Entries.GroupBy(e => e.ShortItemNumber).ToDictionary(g => g.Key, g => g.First());
        var bySecondItem = comparison.Entries.GroupBy(e => e.SecondItemNumber.Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var products = comparison.Products.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var rows = comparison.Differences.Skip(page.Offset).Take(page.Size).Select(difference =>
        {
            var product = difference.ProductId is { } id ? products.GetValueOrDefault(id) : null;
            var entry = (difference.ShortItemNumber is { } itm ? byShortItem.GetValueOrDefault(itm) : null)
                ?? bySecondItem.GetValueOrDefault(difference.Item);
            return ItemMasterReviewRow.From(difference, entry, product);
        }).ToList();
        return new PagedResult<ItemMasterReviewRow>(rows, comparison.Differences.Count);
    }

    private static async Task<Facility> FindFacilityAsync(BakeryOpsDbContext db, string? facilityId, CancellationToken cancellationToken)
    {
        var id = ItemMasterReviews.CheckFacilityId(facilityId);
        return await db.Facilities.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, cancellationToken)
            ?? throw new NotFoundException($"There is no facility '{id}'.");
    }
}
