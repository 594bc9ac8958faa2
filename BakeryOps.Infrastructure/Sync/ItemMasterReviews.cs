using System.Text.RegularExpressions;
using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Facilities;
using BakeryOps.Domain.Input;
using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Sync;
using BakeryOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BakeryOps.Infrastructure.Sync;

/// <summary>
/// The item master review of a facility, computed on every read from its mirror (<c>jde_item_master</c>) and its
/// products, so it is never stale against either (decision 0017), and the check of a selection before it is applied.
/// </summary>
public sealed partial class ItemMasterReviews(IDbContextFactory<BakeryOpsDbContext> contexts, IOptions<ItemMasterSyncOptions> options)
{
    /// <summary>Selections larger than this are refused; the review of a branch has a few thousand rows at most.</summary>
    public const int MaxSelectedItems = 10_000;

    /// <exception cref="RequestValidationException">The facility id is missing or malformed.</exception>
    /// <exception cref="NotFoundException">There is no such facility.</exception>
    /// <exception cref="ConflictException">The facility is not linked to a JD Edwards branch.</exception>
    public async Task<ItemMasterReviewView> ReviewAsync(string? facilityId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var comparison = await CompareAsync(db, facilityId, cancellationToken);
        var settings = options.Value;
        return new ItemMasterReviewView(comparison.Facility.Id, comparison.Facility.JdeBusinessUnit!, settings.EffectiveGlClasses, settings.AutoApply,
            comparison.LastPulledAt, comparison.Differences.Select(ItemMasterDifferenceView.From).ToList());
    }

    /// <summary>
    /// The differences whose items were selected, after checking the selection: every item must be a row of the review,
    /// applicable (not blocked), and a gone item only with <paramref name="archiveMissing"/>.
    /// </summary>
    /// <exception cref="RequestValidationException">The selection names the field that is wrong.</exception>
    /// <exception cref="ConflictException">A selected item cannot be applied until its cause is fixed.</exception>
    public static IReadOnlyList<ItemMasterDifference> Select(
        string facilityId, IReadOnlyList<ItemMasterDifference> differences, IReadOnlyList<string?>? items, bool archiveMissing)
    {
        if (items is not { Count: > 0 })
        {
            throw new RequestValidationException(ValidationErrors.Of("items",
                "Select at least one item: the item values of GET /jobs/item-master/review (2nd item numbers)."));
        }

        if (items.Count > MaxSelectedItems)
        {
            throw new RequestValidationException(ValidationErrors.Of("items", $"Select at most {MaxSelectedItems:N0} items at once."));
        }

        // Keys are unique in practice (an item has one 2nd item number); a clash must not fail the request.
        var byItem = differences.GroupBy(d => d.Item, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var errors = new ValidationErrors();
        var selected = new List<ItemMasterDifference>();
        var blocked = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            var field = $"items[{i}]";
            if (!InputText.Check(errors, field, items[i]))
            {
                continue;
            }

            var item = items[i]?.Trim();
            if (string.IsNullOrEmpty(item))
            {
                errors.Add(field, "The item is empty; send 2nd item numbers such as B_FLOUR_T55.");
            }
            else if (!byItem.TryGetValue(item, out var difference))
            {
                errors.Add(field, $"'{Shorten(item)}' is not in the item master review of facility {facilityId} (it may have been applied meanwhile; reload the review).");
            }
            else if (difference.Change == ItemMasterChange.Gone && !archiveMissing)
            {
                errors.Add("archiveMissing",
                    $"{difference.Item} is gone from JD Edwards; its product {difference.ProductId} is archived only when archiveMissing is true.");
            }
            else if (difference.BlockedReason is { } reason)
            {
                blocked.Add($"{difference.Item}: {reason}");
            }
            else if (!selected.Contains(difference))
            {
                selected.Add(difference);
            }
        }

        errors.ThrowIfAny();
        if (blocked.Count > 0)
        {
            throw new ConflictException($"Cannot be applied until fixed — {string.Join(" ", blocked)}");
        }

        return selected;
    }

    /// <summary>The facility (checked) and its differences, read in <paramref name="db"/> (inside the apply's transaction).</summary>
    internal async Task<ItemMasterComparisonResult> CompareAsync(BakeryOpsDbContext db, string? facilityId, CancellationToken cancellationToken)
    {
        var id = CheckFacilityId(facilityId);
        var facility = await db.Facilities.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, cancellationToken)
            ?? throw new NotFoundException($"There is no facility '{id}'.");
        if (string.IsNullOrWhiteSpace(facility.JdeBusinessUnit))
        {
            throw new ConflictException($"Facility {id} is not linked to a JD Edwards branch/plant, so it has no item master to review.");
        }

        var entries = await db.JdeItemMaster.AsNoTracking().Where(e => e.FacilityId == id).ToListAsync(cancellationToken);
        var products = await db.Products.AsNoTracking().Where(p => p.FacilityId == id).ToListAsync(cancellationToken);
        var withMovements = (await db.Movements.AsNoTracking().Where(m => m.FacilityId == id).Select(m => m.ProductId).Distinct()
            .ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var lastPull = await db.SyncCursors.AsNoTracking()
            .Where(c => c.Stream == SyncCursor.ItemMaster && c.FacilityId == id)
            .Select(c => (DateTimeOffset?)c.UpdatedAt)
            .FirstOrDefaultAsync(cancellationToken);
        return new ItemMasterComparisonResult(facility, ItemMasterComparison.Compare(entries, products, withMovements, lastPull is not null),
            entries, products, lastPull);
    }

    /// <exception cref="RequestValidationException">Missing, or not a facility id (letters, digits, <c>_ . -</c>, at most 64).</exception>
    public static string CheckFacilityId(string? facilityId)
    {
        var id = facilityId?.Trim();
        if (string.IsNullOrEmpty(id))
        {
            throw new RequestValidationException(ValidationErrors.Of("facility", "The facility is required, such as default_facility."));
        }

        if (!FacilityIdPattern().IsMatch(id))
        {
            throw new RequestValidationException(ValidationErrors.Of("facility",
                $"A facility id has only letters, digits, '_', '.' and '-', at most {Facility.MaxIdLength}."));
        }

        return id;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..39] + "…";

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex FacilityIdPattern();
}

/// <summary>A facility's differences with what they were computed from.</summary>
internal sealed record ItemMasterComparisonResult(
    Facility Facility,
    IReadOnlyList<ItemMasterDifference> Differences,
    IReadOnlyList<JdeItemMasterEntry> Entries,
    IReadOnlyList<Product> Products,
    DateTimeOffset? LastPulledAt);
