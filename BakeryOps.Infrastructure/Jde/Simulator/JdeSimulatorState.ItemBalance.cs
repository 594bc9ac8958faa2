namespace BakeryOps.Infrastructure.Jde.Simulator;

public sealed partial class JdeSimulatorState
{
    /// <summary>
    /// The item location rows (F41021) of a branch, optionally of one item by short and/or 2nd item number, in F41021's
    /// key order (ITM, LOCN, LOTN), at most <paramref name="maxRecords"/> of them: what JDE_ITEM_BALANCE returns for
    /// <c>bu</c>, <c>itm</c> and <c>litm</c>. An unknown business unit or item gives no rows; the endpoint checks
    /// <see cref="IsBranch"/> to answer with 0052.
    /// </summary>
    /// <remarks>
    /// The balance is the ledger's own: every row that enters the ledger adds to its key's on-hand in the same step, so
    /// PQOH is the sum of that item, branch, location and lot's F4111 rows, read under the same lock. The sum needs no
    /// unit conversion because every simulated ledger row is in the item's primary unit (there are no F41002
    /// conversions, so a posting in another unit is refused). A row whose on-hand is back to zero stays listed, as
    /// F41021 keeps it.
    /// </remarks>
    public JdeBalancePage QueryItemBalance(
        string businessUnit, int? shortItemNumber = null, string? secondItemNumber = null, int maxRecords = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(businessUnit);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRecords);
        var mcu = businessUnit.Trim();
        var litm = string.IsNullOrWhiteSpace(secondItemNumber) ? null : secondItemNumber.Trim();
        var matches = Read(() => _keys
                .Where(k => string.Equals(k.Mcu, mcu, StringComparison.Ordinal)
                    && (shortItemNumber is null || k.Item.ShortItemNumber == shortItemNumber)
                    && (litm is null || string.Equals(k.Item.SecondItemNumber, litm, StringComparison.OrdinalIgnoreCase)))
                .Select(ToBalance)
                .ToList())
            .OrderBy(b => b.Itm)
            .ThenBy(b => b.Locn, StringComparer.Ordinal)
            .ThenBy(b => b.Lotn, StringComparer.Ordinal)
            .ToList();
        return matches.Count > maxRecords ? new JdeBalancePage(matches.Take(maxRecords).ToList(), true) : new JdeBalancePage(matches, false);
    }
}
