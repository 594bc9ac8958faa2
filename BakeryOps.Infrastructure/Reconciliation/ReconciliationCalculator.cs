using BakeryOps.Domain.Inventory;
using BakeryOps.Domain.Reconciliation;
using BakeryOps.Domain.Sync;

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
        var items = new Dictionary<int, string>();
        foreach (var quantity in inputs.Balance.Concat(inputs.Ledger).Concat(inputs.JdeInFlight))
        {
            items.TryAdd(quantity.ShortItemNumber, quantity.SecondItemNumber);
        }

        var itemsByProduct = items
            .Select(item => (Item: item.Key, Product: index.Find(item.Key, item.Value)))
            .Where(x => x.Product is not null)
            .ToLookup(x => x.Product!.Id, x => x.Item, StringComparer.Ordinal);
        var claimed = itemsByProduct.SelectMany(g => g).ToHashSet();
        var batches = inputs.Batches.ToLookup(b => b.ProductId, StringComparer.Ordinal);

        foreach (var product in InReportOrder(inputs.Products))
        {
            context.AddProduct(product, [.. itemsByProduct[product.Id]], [.. batches[product.Id]]);
        }

        foreach (var (item, secondItem) in items.Where(i => !claimed.Contains(i.Key)).OrderBy(i => i.Value, StringComparer.OrdinalIgnoreCase))
        {
            context.AddItemWithoutProduct(item, secondItem);
        }

        return new ReconciliationResult(context.Rows, context.NewOpenings);
    }

    /// <summary>Products in the order of their lines (JD Edwards items without a product come after them all).</summary>
    public static IOrderedEnumerable<Product> InReportOrder(IEnumerable<Product> products) =>
        products.OrderBy(p => p.ProductName, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Id, StringComparer.Ordinal);

    /// <remarks>
    /// A report of 10,000 products × 3 lots makes 30,000 lines; the per-line work walks the few quantities of one item
    /// with loops and reused buffers, not LINQ chains: those allocated about 4.7 KB a line, and the collections it
    /// caused took most of the report's time (docs/benchmarks.md, Reconciliation).
    /// </remarks>
    private sealed class Context(ReconciliationInputs inputs, ReconciliationToleranceOptions tolerance, Guid runId, DateTimeOffset now)
    {
        private readonly Dictionary<int, List<JdeQuantity>> _balance = ByItem(inputs.Balance);
        private readonly Dictionary<int, List<JdeQuantity>> _ledger = ByItem(inputs.Ledger);
        private readonly Dictionary<int, List<JdeQuantity>> _inFlight = ByItem(inputs.JdeInFlight);
        private readonly Dictionary<(int, string), LedgerOpening> _openings = inputs.Openings.ToDictionary(o => (o.ShortItemNumber, o.Lot));
        private readonly Dictionary<(string, string), decimal> _bakeryInFlight = inputs.BakeryInFlight
            .GroupBy(q => (q.ProductId, q.Lot)).ToDictionary(g => g.Key, g => g.Sum(q => q.Quantity));
        private readonly Dictionary<string, decimal> _bakeryInFlightByProduct = inputs.BakeryInFlight
            .GroupBy(q => q.ProductId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(q => q.Quantity), StringComparer.Ordinal);
        private readonly List<string> _lots = [];
        private readonly List<(int Item, string Lot)> _keys = [];
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
                    Add(product, ReconciliationLevel.Item, "", null, product.OnHand, 0m, 0m, null, false, ReconciliationStatus.Unmapped,
                        "No JD Edwards item is linked to this product.");
                }

                return;
            }

            var balance = Of(_balance, items);
            var ledger = Of(_ledger, items);
            var inFlight = Of(_inFlight, items);
            var side = FromBalance ? balance : ledger;
            if (product.Archived && product.OnHand == 0 && side.TrueForAll(q => q.Quantity == 0) && inFlight.Count == 0)
            {
                return;
            }

            // The bakery tracks lots where the product is lot controlled; batches of other products are only its own
            // breakdown of a stock JD Edwards holds as one figure, so they are compared at item level.
            var lotLevel = product.LotControlled || HasLots(balance) || HasLots(ledger) || HasLots(inFlight);
            if (!lotLevel)
            {
                AddLine(product, ReconciliationLevel.Item, "", items, side, ledger, inFlight, product.OnHand, BakeryInFlightOf(product.Id, null),
                    bakeryHolds: true, includeWhenEmpty: true);
                return;
            }

            _lots.Clear();
            _lots.Add("");
            foreach (var quantity in side)
            {
                AddLot(quantity.Lot);
            }

            foreach (var quantity in inFlight)
            {
                AddLot(quantity.Lot);
            }

            var batched = 0m;
            foreach (var batch in batches)
            {
                AddLot(batch.BatchNumber);
                batched += batch.Quantity;
            }

            _lots.Sort(StringComparer.Ordinal);
            foreach (var lot in _lots)
            {
                var bakery = lot.Length == 0 ? product.OnHand - batched : 0m;
                var held = lot.Length == 0;
                foreach (var batch in batches)
                {
                    if (string.Equals(batch.BatchNumber, lot, StringComparison.Ordinal))
                    {
                        bakery += lot.Length == 0 ? 0m : batch.Quantity;
                        held = true;
                    }
                }

                AddLine(product, ReconciliationLevel.Lot, lot, items, Of(side, lot), Of(ledger, lot), Of(inFlight, lot), bakery,
                    BakeryInFlightOf(product.Id, lot), bakeryHolds: held, includeWhenEmpty: false);
            }
        }

        public void AddItemWithoutProduct(int item, string secondItem)
        {
            var side = (FromBalance ? _balance : _ledger).GetValueOrDefault(item) ?? [];
            var inFlight = _inFlight.GetValueOrDefault(item) ?? [];
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

        /// <summary>The product's bakery movements in flight to JD Edwards: of one lot, or of all (<paramref name="lot"/> null).</summary>
        private decimal BakeryInFlightOf(string productId, string? lot) =>
            lot is null ? _bakeryInFlightByProduct.GetValueOrDefault(productId) : _bakeryInFlight.GetValueOrDefault((productId, lot));

        private void AddLot(string lot)
        {
            if (!_lots.Contains(lot))
            {
                _lots.Add(lot);
            }
        }

        private void AddLine(
            Product product, ReconciliationLevel level, string lot, IReadOnlyList<int> items, List<JdeQuantity> side, List<JdeQuantity> ledger,
            List<JdeQuantity> inFlight, decimal bakery, decimal bakeryInFlight, bool bakeryHolds, bool includeWhenEmpty)
        {
            var unit = product.InventoryUnit;
            var jdeHolds = side.Count > 0;
            var (jde, jdeProblem) = Convert(side, unit, product.Conversions);
            var (flying, flyingProblem) = Convert(inFlight, unit, product.Conversions);
            var (ledgerQuantity, drift) = FromBalance ? CheckLedger(product, lot, level, items, side, ledger) : (null, false);
            var problem = jdeProblem ?? flyingProblem;
            if (!includeWhenEmpty && problem is null && !drift && (jde ?? 0m) == 0 && bakery == 0 && (flying ?? 0m) == 0 && bakeryInFlight == 0)
            {
                return;
            }

            if (problem is not null)
            {
                Add(product, level, lot, null, bakery, 0m, bakeryInFlight, ledgerQuantity, drift, ReconciliationStatus.Variance, problem);
                return;
            }

            var waiting = flying!.Value;
            if (!jdeHolds)
            {
                var status = bakery - bakeryInFlight == 0 && waiting == 0 ? ReconciliationStatus.Match : ReconciliationStatus.MissingInJde;
                Add(product, level, lot, null, bakery, waiting, bakeryInFlight, ledgerQuantity, drift, status,
                    status == ReconciliationStatus.Match ? null : $"JD Edwards holds no {(lot.Length > 0 ? $"lot {lot} of " : "")}this item in branch {inputs.Facility.JdeBusinessUnit}.");
                return;
            }

            if (!bakeryHolds && jde != 0)
            {
                Add(product, level, lot, jde, null, waiting, bakeryInFlight, ledgerQuantity, drift, ReconciliationStatus.MissingInBakery,
                    $"The bakery has no batch {lot} of {product.ProductName}.");
                return;
            }

            Add(product, level, lot, jde, bakery, waiting, bakeryInFlight, ledgerQuantity, drift, null, null);
        }

        /// <summary>
        /// The mirrored ledger with its openings against JD Edwards' balance, per item and lot in the product's unit. A
        /// lot seen for the first time gets the difference as its opening (kept when the reconciliation is stored).
        /// </summary>
        private (decimal? Ledger, bool Drift) CheckLedger(
            Product product, string lot, ReconciliationLevel level, IReadOnlyList<int> items, List<JdeQuantity> balance, List<JdeQuantity> ledger)
        {
            _keys.Clear();
            foreach (var item in items)
            {
                AddKeys(item, lot, level, balance);
                AddKeys(item, lot, level, ledger);
            }

            if (_keys.Count == 0)
            {
                return (null, false);
            }

            decimal total = 0m;
            var drift = false;
            foreach (var (item, keyLot) in _keys)
            {
                var (held, heldProblem) = Convert(balance, product.InventoryUnit, product.Conversions, item, keyLot);
                var (moved, movedProblem) = Convert(ledger, product.InventoryUnit, product.Conversions, item, keyLot);
                if (heldProblem is not null || movedProblem is not null)
                {
                    return (null, false);
                }

                decimal opening;
                if (_openings.TryGetValue((item, keyLot), out var known))
                {
                    if (!QuantityConverter.TryConvert(known.Quantity, known.Unit, product.InventoryUnit, product.Conversions, out var converted, out _))
                    {
                        return (null, false);
                    }

                    opening = decimal.Round(converted, 6);
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

        private void AddKeys(int item, string lot, ReconciliationLevel level, List<JdeQuantity> quantities)
        {
            foreach (var quantity in quantities)
            {
                if (quantity.ShortItemNumber == item && (level == ReconciliationLevel.Item || string.Equals(quantity.Lot, lot, StringComparison.Ordinal))
                    && !_keys.Contains((item, quantity.Lot)))
                {
                    _keys.Add((item, quantity.Lot));
                }
            }
        }

        private void Add(
            Product product, ReconciliationLevel level, string lot, decimal? jde, decimal? bakery, decimal jdeInFlight, decimal bakeryInFlight,
            decimal? ledger, bool drift, ReconciliationStatus? status, string? note)
        {
            decimal? variance = null;
            decimal? percent = null;
            if (jde is { } held && bakery is { } counted)
            {
                var expected = held - jdeInFlight;
                variance = counted - bakeryInFlight - expected;
                percent = expected == 0 ? null : decimal.Round(variance.Value / Math.Abs(expected) * 100m, 2);
                status ??= tolerance.Accepts(variance.Value, expected, product.InventoryUnit) ? ReconciliationStatus.Match : ReconciliationStatus.Variance;
            }

            Rows.Add(new ReconciliationRow
            {
                RunId = runId, Line = Rows.Count + 1, FacilityId = inputs.Facility.Id, ProductId = product.Id, ProductName = product.ProductName,
                Category = product.ProductCategory, ShortItemNumber = product.JdeShortItemNumber, SecondItemNumber = product.JdeSecondItemNumber,
                BusinessUnit = product.JdeBranchPlant ?? inputs.Facility.JdeBusinessUnit, Level = level, Lot = lot, Unit = product.InventoryUnit,
                JdeQuantity = jde, BakeryQuantity = bakery, JdeInFlight = jdeInFlight, BakeryInFlight = bakeryInFlight, Variance = variance, VariancePercent = percent,
                LedgerQuantity = ledger, LedgerDrift = drift, Status = status ?? ReconciliationStatus.Variance, Note = note,
            });
        }

        private static Dictionary<int, List<JdeQuantity>> ByItem(IEnumerable<JdeQuantity> quantities)
        {
            var byItem = new Dictionary<int, List<JdeQuantity>>();
            foreach (var quantity in quantities)
            {
                if (!byItem.TryGetValue(quantity.ShortItemNumber, out var list))
                {
                    byItem[quantity.ShortItemNumber] = list = [];
                }

                list.Add(quantity);
            }

            return byItem;
        }

        /// <summary>The quantities of a product's items: the item's own list where it has one item (most do).</summary>
        private static List<JdeQuantity> Of(Dictionary<int, List<JdeQuantity>> byItem, IReadOnlyList<int> items)
        {
            if (items.Count == 1)
            {
                return byItem.GetValueOrDefault(items[0]) ?? [];
            }

            var all = new List<JdeQuantity>();
            foreach (var item in items)
            {
                if (byItem.TryGetValue(item, out var list))
                {
                    all.AddRange(list);
                }
            }

            return all;
        }

        private static List<JdeQuantity> Of(List<JdeQuantity> quantities, string lot)
        {
            var ofLot = new List<JdeQuantity>(quantities.Count);
            foreach (var quantity in quantities)
            {
                if (string.Equals(quantity.Lot, lot, StringComparison.Ordinal))
                {
                    ofLot.Add(quantity);
                }
            }

            return ofLot;
        }

        private static bool HasLots(List<JdeQuantity> quantities) => quantities.Exists(q => q.Lot.Length > 0);

        /// <summary>The sum in <paramref name="unit"/> (of one item and lot, when given), or why a quantity does not convert.</summary>
        private static (decimal? Total, string? Problem) Convert(
            List<JdeQuantity> quantities, string unit, List<ProductUnitConversion> conversions, int? item = null, string? lot = null)
        {
            var total = 0m;
            foreach (var quantity in quantities)
            {
                if ((item is { } only && quantity.ShortItemNumber != only) || (lot is not null && !string.Equals(quantity.Lot, lot, StringComparison.Ordinal)))
                {
                    continue;
                }

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
