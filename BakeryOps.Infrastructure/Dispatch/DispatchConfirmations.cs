using BakeryOps.Domain.Dispatch;
using BakeryOps.Domain.Sync;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BakeryOps.Infrastructure.Dispatch;

/// <summary>
/// The cardex sync's side of a posting: a ledger row whose Explanation carries a posting's key is that posting come
/// back, so the posting is confirmed (with JD Edwards' document, whatever the portal knew of its outcome). Runs in the
/// sync's window transaction, so the mirror row and the confirmation commit together.
/// </summary>
internal static class DispatchConfirmations
{
    public static async Task<int> ConfirmAsync(
        BakeryOpsDbContext db, string facilityId, IEnumerable<JdeCardexEntry> ownPostings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var confirmed = 0;
        foreach (var entry in ownPostings)
        {
            if (DispatchKeys.FromExplanation(entry.Explanation) is not { } key)
            {
                continue;
            }

            var (ukid, document) = (entry.Ukid, entry.DocumentNumber);
            confirmed += await db.JdeDispatches
                .Where(d => d.FacilityId == facilityId && d.Key == key && d.State != DispatchState.Confirmed)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.State, DispatchState.Confirmed)
                    .SetProperty(d => d.ConfirmedAt, now)
                    .SetProperty(d => d.LedgerUkid, ukid)
                    .SetProperty(d => d.DocumentNumber, d => d.DocumentNumber ?? document)
                    .SetProperty(d => d.PostedAt, d => d.PostedAt ?? now)
                    .SetProperty(d => d.OutcomeUnknown, false)
                    .SetProperty(d => d.ClaimedUntil, (DateTimeOffset?)null)
                    .SetProperty(d => d.Stamp, Guid.NewGuid())
                    .SetProperty(d => d.UpdatedAt, now), cancellationToken);
        }

        return confirmed;
    }
}
