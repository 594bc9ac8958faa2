using BakeryOps.Domain.Dispatch;
using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Lake;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BakeryOps.Infrastructure.Lake.Outbox;

/// <summary>
/// Adds a <c>lake_outbox</c> row for every product created or changed, every movement recorded, every call to JD Edwards
/// recorded (<c>jde_dispatch_attempts</c>) and every posting that becomes posted, in the same SaveChanges (and so the
/// same transaction) as the change: a change is never committed without its lake record, and a rolled-back change
/// leaves none. The flusher writes them to the lake in batches. Changes made with ExecuteUpdate (a claim, the cardex
/// sync's confirmation) are not seen here.
/// </summary>
public sealed class LakeOutboxInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Enqueue(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Enqueue(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Enqueue(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        context.ChangeTracker.DetectChanges();
        var now = clock.GetUtcNow();
        var entries = new List<LakeOutboxEntry>();
        foreach (var entry in context.ChangeTracker.Entries())
        {
            var queued = entry switch
            {
                { Entity: Product product, State: EntityState.Added } =>
                    BakeryOpsLakeDatasets.Products.Entry(BakeryOpsProductRecord.Of(product, BakeryOpsProductRecord.Created, now), now),
                { Entity: Product product, State: EntityState.Modified } =>
                    BakeryOpsLakeDatasets.Products.Entry(BakeryOpsProductRecord.Of(product, BakeryOpsProductRecord.Updated, now), now),
                { Entity: Movement movement, State: EntityState.Added } =>
                    BakeryOpsLakeDatasets.Movements.Entry(BakeryOpsMovementRecord.Of(movement), now),
                { Entity: JdeDispatchAttempt attempt, State: EntityState.Added } =>
                    BakeryOpsLakeDatasets.DispatchAttempts.Entry(JdeDispatchAttemptRecord.Of(attempt), now),
                { Entity: JdeDispatch dispatch } when BecomesPosted(entry) =>
                    BakeryOpsLakeDatasets.Postings.Entry(FromBakeryOpsRecord.Of(dispatch), now),
                _ => null,
            };
            if (queued is not null)
            {
                entries.Add(queued);
            }
        }

        context.AddRange(entries);
    }

    // Only the change into posted: a posted row saved again for another reason is not a second posting.
    private static bool BecomesPosted(EntityEntry entry)
    {
        if (entry.State is not (EntityState.Added or EntityState.Modified))
        {
            return false;
        }

        var state = entry.Property(nameof(JdeDispatch.State));
        return state.CurrentValue is DispatchState.Posted
            && (entry.State == EntityState.Added || state.OriginalValue is not DispatchState.Posted);
    }
}
