using BakeryOps.Domain.Inventory;
using BakeryOps.Infrastructure.Jde;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Dispatch;

/// <summary>
/// Makes the pending postings: one per bakery movement of a posted type (<c>Dispatch:MovementTypes</c>) in a facility
/// linked to JD Edwards, dated at or after the link (earlier stock is in JD Edwards already). Movements applied from
/// JD Edwards never become postings. Idempotent and safe on two nodes: a movement has at most one posting (unique),
/// so a node that loses the race finds the rows made and moves on.
/// </summary>
public sealed partial class DispatchPlanner(
    IDbContextFactory<BakeryOpsDbContext> contexts,
    IOptions<DispatchOptions> options,
    IOptions<JdeOptions> jdeOptions,
    TimeProvider clock,
    ILogger<DispatchPlanner> logger)
{
    private const int Chunk = 1000;

    /// <summary>Plans the facility's (or every linked facility's) new movements and returns how many postings were made.</summary>
    public async Task<int> PlanAsync(string? facilityId, CancellationToken cancellationToken)
    {
        var types = options.Value.PostedTypes();
        var made = 0;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var facilities = await db.Facilities.AsNoTracking()
            .Where(f => f.JdeBusinessUnit != null && f.JdeLinkedAt != null && (facilityId == null || f.Id == facilityId))
            .ToListAsync(cancellationToken);
        foreach (var facility in facilities)
        {
            var linkedAt = facility.JdeLinkedAt!.Value;
            for (var lostRaces = 0; lostRaces < 3;)
            {
                var movements = await Unplanned(db, facility.Id, linkedAt, types)
                    .OrderBy(m => m.AdjustmentDate).ThenBy(m => m.Id)
                    .Take(Chunk)
                    .ToListAsync(cancellationToken);
                if (movements.Count == 0)
                {
                    break;
                }

                var productIds = movements.Select(m => m.ProductId).Distinct().ToList();
                var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
                var items = products.Values.Where(p => p.JdeShortItemNumber is not null).Select(p => p.JdeShortItemNumber!.Value).Distinct().ToList();
                var units = (await db.JdeItemMaster.AsNoTracking()
                        .Where(i => i.FacilityId == facility.Id && items.Contains(i.ShortItemNumber))
                        .Select(i => new { i.ShortItemNumber, i.PrimaryUnit })
                        .ToListAsync(cancellationToken))
                    .GroupBy(i => i.ShortItemNumber)
                    .ToDictionary(g => g.Key, g => g.First().PrimaryUnit.Trim());
                var now = clock.GetUtcNow();
                foreach (var movement in movements)
                {
                    var product = products[movement.ProductId];
                    var unit = product.JdeShortItemNumber is { } itm && units.TryGetValue(itm, out var primary) && primary.Length > 0 ? primary : null;
                    db.JdeDispatches.Add(DispatchPayloads.Plan(movement, product, facility, unit, options.Value, jdeOptions.Value.TimeZoneInfo, now));
                }

                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    made += movements.Count;
                }
                catch (DbUpdateException ex)
                {
                    // Another node planned some of them meanwhile (unique movement): read again what is still missing.
                    db.ChangeTracker.Clear();
                    lostRaces++;
                    LogLostRace(ex, facility.Id);
                }
            }
        }

        if (made > 0)
        {
            LogPlanned(made);
        }

        return made;
    }

    /// <summary>
    /// The facility's bakery movements that should become postings and have none yet: of a posted type, dated at or
    /// after the link. The dashboard counts them as waiting for review, as the next plan will make them.
    /// </summary>
    internal static IQueryable<Movement> Unplanned(BakeryOpsDbContext db, string facilityId, DateTimeOffset linkedAt, IReadOnlyList<MovementType> types) =>
        db.Movements.AsNoTracking()
            .Where(m => m.FacilityId == facilityId && m.Source == MovementSource.Bakery && types.Contains(m.Type) && m.AdjustmentDate >= linkedAt
                && !db.JdeDispatches.Any(d => d.MovementId == m.Id));

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} bakery movements wait for review as postings to JD Edwards")]
    private partial void LogPlanned(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Planning postings of facility {FacilityId} met rows another node made; reading again")]
    private partial void LogLostRace(Exception exception, string facilityId);
}
