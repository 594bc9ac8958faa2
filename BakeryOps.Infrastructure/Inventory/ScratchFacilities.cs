using BakeryOps.Domain.Facilities;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BakeryOps.Infrastructure.Inventory;

/// <summary>
/// Temporary facilities for end-to-end checks such as the API self-test: created empty and removed afterwards with
/// every product, batch and movement they gathered, in one transaction.
/// </summary>
public sealed class ScratchFacilities(IDbContextFactory<BakeryOpsDbContext> contexts, TimeProvider clock)
{
    public async Task CreateAsync(string facilityId, string name, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        db.Facilities.Add(new Facility { Id = facilityId, Name = name, CreatedAt = now, UpdatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task RemoveAsync(string facilityId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Movements.Where(m => m.FacilityId == facilityId).ExecuteDeleteAsync(cancellationToken);
        await db.Batches.Where(b => b.FacilityId == facilityId).ExecuteDeleteAsync(cancellationToken);
        await db.Products.Where(p => p.FacilityId == facilityId).ExecuteDeleteAsync(cancellationToken);
        await db.Facilities.Where(f => f.Id == facilityId).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
