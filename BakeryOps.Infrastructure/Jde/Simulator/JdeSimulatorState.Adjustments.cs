using System.Globalization;
using BakeryOps.Infrastructure.Inventory.SampleData;

namespace BakeryOps.Infrastructure.Jde.Simulator;

public sealed partial class JdeSimulatorState
{
    private const long MaxQuantityTicks = 99_999_999_999_0000L;

    /// <summary>
    /// Validates and writes an inventory adjustment (IA: quantity signed as given) or issue (II: the quantity issued,
    /// stored negative) as JDE's P4114/P4112 behind JDE_INVENTORY_ADJUSTMENTS would. All lines are written or none:
    /// any business error refuses the whole call. A success writes one F4111 row per line under a new document
    /// number, with CRDJ/TDAY of now, and updates the balances.
    /// </summary>
    public JdeAdjustmentResult PostAdjustment(JdeAdjustmentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Write(() => PostLocked(request, anyDocumentType: false));
    }

    /// <summary>
    /// A transaction a JD Edwards user enters in JDE itself, not through AIS: a purchase order receipt (OV, P4312), a
    /// transfer (IT), a count (PI) or any other two-character document type. It is checked and written as an IA is
    /// (quantity signed as given; II still means an issue), so tests and demonstrations can move JDE's ledger the way a
    /// site's users do. No orchestration reaches it: AIS callers post IA and II only.
    /// </summary>
    public JdeAdjustmentResult RecordTransaction(JdeAdjustmentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Write(() => PostLocked(request, anyDocumentType: true));
    }

    private JdeAdjustmentResult PostLocked(JdeAdjustmentRequest request, bool anyDocumentType)
    {
        var errors = new List<JdeBusinessError>();
        var mcu = (request.BranchPlant ?? string.Empty).Trim();
        if (!_branches.TryGetValue(mcu, out var branch))
        {
            // Everything else depends on the branch; JDE stops at the header error.
            errors.Add(Error(JdeAdjustmentErrorKind.BranchInvalid, null, mcu));
            return new JdeAdjustmentResult(null, errors);
        }

        var dct = string.IsNullOrWhiteSpace(request.DocumentType) ? "IA" : request.DocumentType.Trim().ToUpperInvariant();
        if (anyDocumentType ? dct.Length != 2 || !dct.All(char.IsAsciiLetterOrDigit) : dct is not ("IA" or "II"))
        {
            errors.Add(Error(JdeAdjustmentErrorKind.DocumentTypeInvalid, null, dct));
        }

        if (request.GlDate < _glPeriodOpenFrom)
        {
            errors.Add(Error(JdeAdjustmentErrorKind.PeriodClosed, null, request.GlDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }

        if (request.Lines is null || request.Lines.Count == 0)
        {
            errors.Add(Error(JdeAdjustmentErrorKind.NoLines, null, string.Empty));
            return new JdeAdjustmentResult(null, errors);
        }

        var planned = new List<(SampleItem Item, string Lot, long Ticks, long CostTicks)>(request.Lines.Count);
        var projected = new Dictionary<(int, string), long>();
        for (var line = 0; line < request.Lines.Count; line++)
        {
            var input = request.Lines[line];
            var itemNumber = (input.ItemNumber ?? string.Empty).Trim();
            var item = FindItem(itemNumber);
            if (item is null)
            {
                errors.Add(Error(JdeAdjustmentErrorKind.ItemInvalid, line, itemNumber));
                continue;
            }

            if (!item.Branches.Contains(mcu, StringComparer.Ordinal))
            {
                errors.Add(Error(JdeAdjustmentErrorKind.ItemNotInBranch, line, $"{item.SecondItemNumber} in {mcu}"));
                continue;
            }

            // A blank UM defaults to the primary unit, as the grid does; the sample has no F41002 conversions, so any
            // other unit has none and is refused.
            var unit = string.IsNullOrWhiteSpace(input.Unit) ? item.JdeUnit : input.Unit.Trim();
            if (!string.Equals(unit, item.JdeUnit, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(Error(JdeAdjustmentErrorKind.UnitInvalid, line, $"{unit} for {item.SecondItemNumber} ({item.JdeUnit})"));
                continue;
            }

            // TRQT has 4 decimals; JDE rounds what is typed to them.
            var rounded = Math.Round(input.Quantity, 4, MidpointRounding.AwayFromZero);
            if (rounded == 0 || Math.Abs(rounded) * TicksPerUnit > MaxQuantityTicks)
            {
                errors.Add(Error(JdeAdjustmentErrorKind.QuantityInvalid, line, input.Quantity.ToString(CultureInfo.InvariantCulture)));
                continue;
            }

            var ticks = (long)(rounded * TicksPerUnit);
            if (dct == "II")
            {
                ticks = -ticks;
            }

            var lot = (input.Lot ?? string.Empty).Trim();
            if (item.LotControlled && lot.Length == 0)
            {
                errors.Add(Error(JdeAdjustmentErrorKind.LotRequired, line, item.SecondItemNumber));
                continue;
            }

            if (!item.LotControlled && lot.Length > 0)
            {
                errors.Add(Error(JdeAdjustmentErrorKind.LotNotAllowed, line, $"{lot} for {item.SecondItemNumber}"));
                continue;
            }

            if (lot.Length > MaxLotLength)
            {
                errors.Add(Error(JdeAdjustmentErrorKind.LotUnknown, line, lot));
                continue;
            }

            var exists = _keyIndex.TryGetValue((item.ShortItemNumber, mcu, lot), out var keyIndex);
            if (item.LotControlled && ticks < 0 && !exists)
            {
                // Increases may create a lot (adjustments can); decreases need one that exists.
                errors.Add(Error(JdeAdjustmentErrorKind.LotUnknown, line, $"{lot} of {item.SecondItemNumber} in {mcu}"));
                continue;
            }

            var onHand = projected.TryGetValue((item.ShortItemNumber, lot), out var running) ? running : exists ? _balanceTicks[keyIndex] : 0;
            onHand += ticks;
            projected[(item.ShortItemNumber, lot)] = onHand;
            if (onHand < 0 && !branch.AllowsNegativeOnHand)
            {
                errors.Add(Error(JdeAdjustmentErrorKind.NegativeOnHand, line,
                    $"{item.SecondItemNumber} lot '{lot}' in {mcu} would be {(onHand / TicksPerUnit).ToString(CultureInfo.InvariantCulture)} {item.JdeUnit}"));
                continue;
            }

            var costTicks = input.UnitCost is { } cost ? (long)(Math.Round(cost, 4, MidpointRounding.AwayFromZero) * TicksPerUnit) : _unitCostTicks[item.ShortItemNumber];
            planned.Add((item, lot, ticks, costTicks));
        }

        if (errors.Count > 0)
        {
            return new JdeAdjustmentResult(null, errors);
        }

        var document = _nextDocument;
        var batch = _nextBatch;
        var now = _clock.GetUtcNow().UtcDateTime;
        var crdj = DateOnly.FromDateTime(now);
        var tday = (now.Hour * 10_000) + (now.Minute * 100) + now.Second;
        // TREX is 30 characters; JDE cuts longer text without a word.
        var explanation = CutExplanation(request.Explanation);
        foreach (var (item, lot, ticks, costTicks) in planned)
        {
            Append(new LedgerEntry(_nextUkid, ticks, costTicks, KeyFor(item, mcu, lot), document, batch, request.TransactionDate,
                request.GlDate, crdj, tday, dct, explanation, Posted: true));
        }

        return new JdeAdjustmentResult(BuildPosting(document), []);
    }

    private SampleItem? FindItem(string itemNumber)
    {
        if (_itemsByLitm.TryGetValue(itemNumber, out var item))
        {
            return item;
        }

        return int.TryParse(itemNumber, NumberStyles.None, CultureInfo.InvariantCulture, out var itm)
            && _data.ItemsByNumber.TryGetValue(itm, out item) ? item : null;
    }

    // Only 0052 is a code seen in a real AIS answer; the others are illustrative, as the reference notes (§4.3).
    private static JdeBusinessError Error(JdeAdjustmentErrorKind kind, int? line, string detail)
    {
        var (code, title, cause) = kind switch
        {
            JdeAdjustmentErrorKind.BranchInvalid => ("0052", "Error: Business Unit Invalid", "The Business Unit entered does not exist in the Business Unit Master file (F0006)."),
            JdeAdjustmentErrorKind.DocumentTypeInvalid => ("0004", "Error: Document Type Invalid", "The document type is not valid for this program version."),
            JdeAdjustmentErrorKind.NoLines => ("0001", "Error: No Detail Lines", "The transaction has no grid lines to process."),
            JdeAdjustmentErrorKind.ItemInvalid => ("0267", "Error: Item Number Invalid", "The item number does not exist in the Item Master (F4101)."),
            JdeAdjustmentErrorKind.ItemNotInBranch => ("4031", "Error: Item Not Set Up in Branch/Plant", "The item has no Item Branch record (F4102) for this branch/plant."),
            JdeAdjustmentErrorKind.UnitInvalid => ("0069", "Error: Unit of Measure Invalid", "No conversion exists from the unit of measure entered to the item's primary unit."),
            JdeAdjustmentErrorKind.QuantityInvalid => ("0010", "Error: Invalid Quantity", "The quantity is zero or out of range."),
            JdeAdjustmentErrorKind.LotRequired => ("3843", "Error: Lot/Serial Number Required", "The item is lot controlled; a lot/serial number is required."),
            JdeAdjustmentErrorKind.LotNotAllowed => ("3844", "Error: Lot/Serial Number Not Allowed", "The item is not lot controlled; leave the lot/serial number blank."),
            JdeAdjustmentErrorKind.LotUnknown => ("4170", "Error: Lot/Serial Number Invalid", "The lot/serial number does not exist for this item and branch/plant."),
            JdeAdjustmentErrorKind.PeriodClosed => ("0038", "Error: Date Outside of Allowed Period", "The G/L date is in a closed accounting period."),
            JdeAdjustmentErrorKind.NegativeOnHand => ("4030", "Error: Quantity Would Make On-Hand Negative", "The branch/plant does not allow negative on-hand quantities."),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        var description = detail.Length == 0 ? cause : $"{cause} ({detail})";
        return new JdeBusinessError(kind, code, title, description, line);
    }
}
