using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Reconciliation;
using BakeryOps.Infrastructure.Sync;

namespace BakeryOps.Infrastructure.Reconciliation;

/// <summary>
/// Turns the grouped figures of one facility into reconciliation rows: per product at item level, or per lot where
/// either side tracks lots; JD Edwards' quantities converted to the product's unit; quantities in flight set apart
/// before the variance; the mirrored ledger (with its openings) checked against JD Edwards' balance.
/// </summary>
internal static class ReconciliationCalculator
{
    public static ReconciliationResult Compute(ReconciliationInputs inputs, ReconciliationToleranceOptions tolerance, Guid runId, DateTimeOffset now)
    {
        var context = new Context(inputs, tolerance, runId, now);
        var index = new ProductIndex(inputs.Products);
        var items = inputs.Balance.Concat(inputs.Ledger).Concat(inputs.JdeInFlight)
            .GroupBy(q => q.ShortItemNumber)
            .ToDictionary(g => g.Key, g => g.First().SecondItemNumber);
        var itemsByProduct = items
            .Select(item => (Item: item.Key, Product: index.Find(item.Key, item.Value)))
            .Where(x => x.Product is not null)
            .ToLookup(x => x.Product!.Id, x => x.Item, StringComparer.Ordinal);
        var claimed = itemsByProduct.SelectMany(g => g).ToHashSet();
        var batches = inputs.Batches.ToLookup(b => b.ProductId, StringComparer.Ordinal);

        foreach (var product in inputs.Products.OrderBy(p => p.ProductName, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Id, StringComparer.Ordinal))
        {
            context.AddProduct(product, [.. itemsByProduct[product.Id]], [.. batches[product.Id]]);
        }

        foreach (var (item, secondItem) in items.Where(i => !claimed.Contains(i.Key)).OrderBy(i => i.Value, StringComparer.OrdinalIgnoreCase))
        {
            context.AddItemWithoutProduct(item, secondItem);
        }

        return new ReconciliationResult(context.Rows, context.NewOpenings);
    }

    private sealed class Context(ReconciliationInputs inputs, ReconciliationToleranceOptions tolerance, Guid runId, DateTimeOffset now)
    {
        private readonly ILookup<int, JdeQuantity> _balance = inputs.Balance.ToLookup(q => q.ShortItemNumber);
        private readonly ILookup<int, JdeQuantity> _ledger = inputs.Ledger.ToLookup(q => q.ShortItemNumber);
        private readonly ILookup<int, JdeQuantity> _inFlight = inputs.JdeInFlight.ToLookup(q => q.ShortItemNumber);
        private readonly Dictionary<(int, string), LedgerOpening> _openings = inputs.Openings.ToDictionary(o => (o.ShortItemNumber, o.Lot));
        private bool FromBalance => inputs.Source == BalanceSource.ItemBalance;

        public List<ReconciliationRow> Rows { get; } = [];
        public List<LedgerOpening> NewOpenings { get; } = [];

        public void AddProduct(Product product, IReadOnlyList<int> items, IReadOnlyList<BatchStock> batches)
        {
            var mapped = product.JdeShortItemNumber is not null || !string.IsNullOrWhiteSpace(product.JdeSecondItemNumber);
            if (!mapped)
            {
                if (!product.Archived || product.OnHand != 0)
                {
                    Add(product, ReconciliationLevel.Item, "", null, product.OnHand, 0m, null, false, ReconciliationStatus.Unmapped,
                        "No JD Edwards item is linked to this product.");
                }

                return;
            }

            var balance = items.SelectMany(i => _balance[i]).ToList();
            var ledger = items.SelectMany(i => _ledger[i]).ToList();
            var inFlight = items.SelectMany(i => _inFlight[i]).ToList();
            var side = FromBalance ? balance : ledger;
            if (product.Archived && product.OnHand == 0 && side.All(q => q.Quantity == 0) && inFlight.Count == 0)
            {
                return;
            }

            // The bakery tracks lots where the product is lot controlled; batches of other products are only its own
            // breakdown of a stock JD Edwards holds as one figure, so they are compared at item level.
            var lotLevel = product.LotControlled || balance.Concat(ledger).Concat(inFlight).Any(q => q.Lot.Length > 0);
            if (!lotLevel)
            {
                AddLine(product, ReconciliationLevel.Item, "", items, side, ledger, inFlight, product.OnHand, bakeryHolds: true, includeWhenEmpty: true);
                return;
            }

            var lots = side.Select(q => q.Lot).Concat(inFlight.Select(q => q.Lot)).Concat(batches.Select(b => b.BatchNumber))
                .Append("").Distinct(StringComparer.Ordinal).OrderBy(l => l, StringComparer.Ordinal);
            foreach (var lot in lots)
            {
                var lotBatches = batches.Where(b => string.Equals(b.BatchNumber, lot, StringComparison.Ordinal)).ToList();
                var bakery = lot.Length == 0 ? product.OnHand - batches.Sum(b => b.Quantity) : lotBatches.Sum(b => b.Quantity);
                AddLine(product, ReconciliationLevel.Lot, lot, items, Of(side, lot), Of(ledger, lot), Of(inFlight, lot), bakery,
                    bakeryHolds: lot.Length == 0 || lotBatches.Count > 0, includeWhenEmpty: false);
            }
        }

        public void AddItemWithoutProduct(int item, string secondItem)
        {
            var side = FromBalance ? _balance[item].ToList() : _ledger[item].ToList();
            var inFlight = _inFlight[item].ToList();
            foreach (var lot in side.Select(q => q.Lot).Concat(inFlight.Select(q => q.Lot)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                var quantities = Of(side, lot);
                var waiting = Of(inFlight, lot);
                var unit = quantities.Concat(waiting).First().Unit;
                var (jde, jdeProblem) = Convert(quantities, unit, []);
                var (flying, flyingProblem) = Convert(waiting, unit, []);
                if (jde == 0 && flying == 0)
                {
                    continue;
                }

                Rows.Add(new ReconciliationRow
                {
                    RunId = runId, Line = Rows.Count + 1, FacilityId = inputs.Facility.Id, ProductName = inputs.ItemNames.GetValueOrDefault(item, secondItem),
                    ShortItemNumber = item, SecondItemNumber = secondItem, BusinessUnit = inputs.Facility.JdeBusinessUnit,
                    Level = lot.Length > 0 ? ReconciliationLevel.Lot : ReconciliationLevel.Item, Lot = lot, Unit = unit,
                    JdeQuantity = jde, JdeInFlight = flying ?? 0m, Status = ReconciliationStatus.MissingInBakery,
                    Note = jdeProblem ?? flyingProblem ?? $"No product of facility {inputs.Facility.Id} is linked to JD Edwards item {item} ({secondItem}).",
                });
            }
        }

        private void AddLine(
            Product product, ReconciliationLevel level, string lot, IReadOnlyList<int> items, List<JdeQuantity> side, List<JdeQuantity> ledger,
            List<JdeQuantity> inFlight, decimal bakery, bool bakeryHolds, bool includeWhenEmpty)
        {
            var unit = product.InventoryUnit;
            var jdeHolds = side.Count > 0;
            var (jde, jdeProblem) = Convert(side, unit, product.Conversions);
            var (flying, flyingProblem) = Convert(inFlight, unit, product.Conversions);
            var (ledgerQuantity, drift) = FromBalance ? CheckLedger(product, lot, level, items, side, ledger) : (null, false);
            var problem = jdeProblem ?? flyingProblem;
            if (!includeWhenEmpty && problem is null && !drift && (jde ?? 0m) == 0 && bakery == 0 && (flying ?? 0m) == 0)
            {
                return;
            }

            if (problem is not null)
            {
                Add(product, level, lot, null, bakery, 0m, ledgerQuantity, drift, ReconciliationStatus.Variance, problem);
                return;
            }

            var waiting = flying!.Value;
            if (!jdeHolds)
            {
                var status = bakery == 0 && waiting == 0 ? ReconciliationStatus.Match : ReconciliationStatus.MissingInJde;
                Add(product, level, lot, null, bakery, waiting, ledgerQuantity, drift, status,
                    status == ReconciliationStatus.Match ? null : $"JD Edwards holds no {(lot.Length > 0 ? $"lot {lot} of " : "")}this item in branch {inputs.Facility.JdeBusinessUnit}.");
                return;
            }

            if (!bakeryHolds && jde != 0)
            {
                Add(product, level, lot, jde, null, waiting, ledgerQuantity, drift, ReconciliationStatus.MissingInBakery,
                    $"The bakery has no batch {lot} of {product.ProductName}.");
                return;
            }

            Add(product, level, lot, jde, bakery, waiting, ledgerQuantity, drift, null, null);
        }

        /// <summary>
        /// The mirrored ledger with its openings against JD Edwards' balance, per item and lot in the product's unit. A
        /// lot seen for the first time gets the difference as its opening (kept when the reconciliation is stored).
        /// </summary>
        private (decimal? Ledger, bool Drift) CheckLedger(
            Product product, string lot, ReconciliationLevel level, IReadOnlyList<int> items, List<JdeQuantity> balance, List<JdeQuantity> ledger)
        {
            var keys = items.SelectMany(item => balance.Concat(ledger).Where(q => q.ShortItemNumber == item).Select(q => (item, q.Lot)))
                .Where(k => level == ReconciliationLevel.Item || string.Equals(k.Lot, lot, StringComparison.Ordinal))
                .Distinct().ToList();
            if (keys.Count == 0)
            {
                return (null, false);
            }

            decimal total = 0m;
            var drift = false;
            foreach (var (item, keyLot) in keys)
            {
                var (held, heldProblem) = Convert([.. balance.Where(q => q.ShortItemNumber == item && q.Lot == keyLot)], product.InventoryUnit, product.Conversions);
                var (moved, movedProblem) = Convert([.. ledger.Where(q => q.ShortItemNumber == item && q.Lot == keyLot)], product.InventoryUnit, product.Conversions);
                if (heldProblem is not null || movedProblem is not null)
                {
                    return (null, false);
                }

                decimal opening;
                if (_openings.TryGetValue((item, keyLot), out var known))
                {
                    var (converted, problem) = Convert([new JdeQuantity(item, "", keyLot, known.Unit, known.Quantity, 1)], product.InventoryUnit, product.Conversions);
                    if (problem is not null)
                    {
                        return (null, false);
                    }

                    opening = converted!.Value;
                }
                else
                {
                    opening = held!.Value - moved!.Value;
                    var first = new LedgerOpening
                    {
                        FacilityId = inputs.Facility.Id, ShortItemNumber = item, Lot = keyLot, Unit = product.InventoryUnit, Quantity = opening,
                        CapturedAt = now, RunId = runId,
                    };
                    _openings[(item, keyLot)] = first;
                    NewOpenings.Add(first);
                }

                var expected = opening + moved!.Value;
                total += expected;
                drift |= !tolerance.Accepts(held!.Value - expected, held.Value, product.InventoryUnit);
            }

            return (total, drift);
        }

        private void Add(
            Product product, ReconciliationLevel level, string lot, decimal? jde, decimal? bakery, decimal jdeInFlight, decimal? ledger, bool drift,
            ReconciliationStatus? status, string? note)
        {
            decimal? variance = null;
            decimal? percent = null;
            if (jde is { } held && bakery is { } counted)
            {
                var expected = held - jdeInFlight;
                variance = counted - expected;
                percent = expected == 0 ? null : decimal.Round(variance.Value / Math.Abs(expected) * 100m, 2);
                status ??= tolerance.Accepts(variance.Value, expected, product.InventoryUnit) ? ReconciliationStatus.Match : ReconciliationStatus.Variance;
            }

            Rows.Add(new ReconciliationRow
            {
                RunId = runId, Line = Rows.Count + 1, FacilityId = inputs.Facility.Id, ProductId = product.Id, ProductName = product.ProductName,
                Category = product.ProductCategory, ShortItemNumber = product.JdeShortItemNumber, SecondItemNumber = product.JdeSecondItemNumber,
                BusinessUnit = product.JdeBranchPlant ?? inputs.Facility.JdeBusinessUnit, Level = level, Lot = lot, Unit = product.InventoryUnit,
                JdeQuantity = jde, BakeryQuantity = bakery, JdeInFlight = jdeInFlight, Variance = variance, VariancePercent = percent,
                LedgerQuantity = ledger, LedgerDrift = drift, Status = status ?? ReconciliationStatus.Variance, Note = note,
            });
        }

        private static List<JdeQuantity> Of(List<JdeQuantity> quantities, string lot) =>
            [.. quantities.Where(q => string.Equals(q.Lot, lot, StringComparison.Ordinal))];

        /// <summary>The sum in <paramref name="unit"/>, or why a quantity does not convert.</summary>
        private static (decimal? Total, string? Problem) Convert(List<JdeQuantity> quantities, string unit, List<ProductUnitConversion> conversions)
        {
            var total = 0m;
            foreach (var quantity in quantities)
            {
                if (!QuantityConverter.TryConvert(quantity.Quantity, quantity.Unit, unit, conversions, out var converted, out var error))
                {
                    return (null, $"JD Edwards' {quantity.Quantity} {quantity.Unit} of item {quantity.ShortItemNumber} does not convert to {unit}: {error}");
                }

                total += converted;
            }

            return (decimal.Round(total, 6), null);
        }
    }
}
