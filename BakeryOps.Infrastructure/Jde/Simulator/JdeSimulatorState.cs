using BakeryOps.Infrastructure.Inventory.SampleData;

namespace BakeryOps.Infrastructure.Jde.Simulator;

/// <summary>
/// The simulated JD Edwards inventory: item master, item ledger (F4111) and on-hand per item, branch and lot (F41021),
/// built from the sample bakery so that both sides start from the same stock. One instance serves all concurrent AIS
/// calls: reads share a reader lock, adjustments take the writer lock so a post is validated and written atomically.
/// </summary>
public sealed partial class JdeSimulatorState : IDisposable
{
    // JDE keeps quantities and unit costs with 4 data-dictionary decimals; storing them as scaled longs keeps rows
    // small (a million rows stay well under 100 MB) and sums exact.
    private const decimal TicksPerUnit = 10_000m;
    private const long NoCost = long.MinValue;
    private const int ChunkBits = 16;
    private const int ChunkSize = 1 << ChunkBits;
    private const int MaxExplanationLength = 30;
    private const int MaxLotLength = 30;
    private const string AdjustmentProgram = "P4114";

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly BakerySampleData _data;
    private readonly TimeProvider _clock;
    private readonly JdeSimulatorLedgerOptions _options;
    private readonly Dictionary<string, SampleBranch> _branches;
    private readonly Dictionary<string, SampleItem> _itemsByLitm;
    private readonly Dictionary<int, long> _unitCostTicks = [];
    private readonly List<BalanceKey> _keys = [];
    private readonly Dictionary<(int Itm, string Mcu, string Lot), int> _keyIndex = [];
    private readonly List<long> _balanceTicks = [];

    // F41021 UPMJ per balance key: the date written (CRDJ) of its latest ledger row.
    private readonly List<DateOnly> _balanceUpdated = [];

    // Chunked so that growing a million-row ledger never copies it whole or asks for one huge array.
    private readonly List<LedgerEntry[]> _chunks = [];
    private int _count;
    private readonly Dictionary<string, List<int>> _entriesByBranch = new(StringComparer.Ordinal);
    private readonly HashSet<string> _branchesOutOfDateOrder = new(StringComparer.Ordinal);
    private readonly Dictionary<int, List<int>> _postedEntriesByDocument = [];
    private readonly Dictionary<string, List<int>> _postedDocumentsByExplanation = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Itm, string Mcu), JdeItemBranchRow?> _itemBranchEdits = [];
    private long _nextUkid = 1_000_001;
    private int _nextDocument = 3_000_001;
    private int _nextBatch = 800_001;
    private DateOnly _glPeriodOpenFrom;

    private JdeSimulatorState(BakerySampleData data, TimeProvider clock, JdeSimulatorLedgerOptions options, DateOnly startDate)
    {
        _data = data;
        _clock = clock;
        _options = options;
        StartDate = startDate;
        _glPeriodOpenFrom = options.GlPeriodOpenFrom ?? new DateOnly(startDate.Year, startDate.Month, 1).AddMonths(-1);
        _branches = data.Branches.ToDictionary(b => b.Mcu, StringComparer.Ordinal);
        _itemsByLitm = data.Items.ToDictionary(i => i.SecondItemNumber, StringComparer.OrdinalIgnoreCase);
        foreach (var item in data.Items)
        {
            // A stable per-item cost, independent of how many rows are generated.
            _unitCostTicks[item.ShortItemNumber] = new Random(options.Seed ^ item.ShortItemNumber).Next(2_000, 150_001);
        }
    }

    /// <summary>The day the state was created (from the TimeProvider); the generated history ends the day before.</summary>
    public DateOnly StartDate { get; }

    public string Company => _options.Company;

    public BakerySampleData SampleData => _data;

    /// <summary>G/L dates before this are in a closed period. Switchable at run time (tests, Admin page).</summary>
    public DateOnly GlPeriodOpenFrom
    {
        get => Read(() => _glPeriodOpenFrom);
        set => Write(() => _glPeriodOpenFrom = value);
    }

    public int LedgerCount => Read(() => _count);

    /// <summary>The seeded state: a deterministic history of a few receipts and issues per opening balance.</summary>
    public static JdeSimulatorState Create(BakerySampleData data, TimeProvider clock, JdeSimulatorLedgerOptions? options = null) =>
        CreateWithGeneratedLedger(data, clock, 0, options);

    /// <summary>
    /// The seeded history plus matching receipt/issue pairs spread over the history window until the ledger has
    /// <paramref name="rows"/> rows (or just the seeded history when that is already longer). Sums stay equal to the
    /// opening balances.
    /// </summary>
    public static JdeSimulatorState CreateWithGeneratedLedger(
        BakerySampleData data, TimeProvider clock, int rows, JdeSimulatorLedgerOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        options ??= JdeSimulatorLedgerOptions.Default;
        var state = new JdeSimulatorState(data, clock, options, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        state.Generate(rows);
        return state;
    }

    public bool IsBranch(string? businessUnit) => businessUnit is not null && _branches.ContainsKey(businessUnit.Trim());

    /// <summary>
    /// Ledger rows of a business unit whose CRDJ (date written) falls in the window, ordered by UKID, at most
    /// <paramref name="maxRecords"/> of them: what JDE_CARDEX_SUMMARY returns for <c>bu</c> and <c>rDate</c>.
    /// An unknown business unit gives no rows; the endpoint checks <see cref="IsBranch"/> to answer with 0052.
    /// </summary>
    public JdeLedgerPage QueryLedger(
        string businessUnit,
        DateOnly updatedOnOrAfter,
        int maxRecords,
        DateOnly? updatedOnOrBefore = null,
        string? glClass = null,
        string? documentType = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRecords);
        var to = updatedOnOrBefore ?? DateOnly.MaxValue;
        var glFilter = string.IsNullOrWhiteSpace(glClass) ? null : glClass.Trim();
        var dctFilter = string.IsNullOrWhiteSpace(documentType) ? null : documentType.Trim();
        return Read(() =>
        {
            var rows = new List<JdeLedgerRow>(Math.Min(maxRecords, 4096));
            if (!_entriesByBranch.TryGetValue(businessUnit.Trim(), out var indexes))
            {
                return new JdeLedgerPage(rows, false);
            }

            var inDateOrder = !_branchesOutOfDateOrder.Contains(businessUnit.Trim());
            var start = inDateOrder ? FirstOnOrAfter(indexes, updatedOnOrAfter) : 0;
            for (var i = start; i < indexes.Count; i++)
            {
                ref readonly var entry = ref Entry(indexes[i]);
                if (entry.Crdj > to && inDateOrder)
                {
                    // In date order the rest of the branch is later still: a date window costs its own rows, not the ledger's.
                    break;
                }

                if (entry.Crdj < updatedOnOrAfter || entry.Crdj > to
                    || (dctFilter is not null && !string.Equals(entry.Dct, dctFilter, StringComparison.OrdinalIgnoreCase))
                    || (glFilter is not null && !string.Equals(_keys[entry.KeyIndex].Item.GlClass, glFilter, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                if (rows.Count == maxRecords)
                {
                    return new JdeLedgerPage(rows, true);
                }

                rows.Add(ToRow(entry));
            }

            return new JdeLedgerPage(rows, false);
        });
    }

    /// <summary>
    /// Item-branch rows (F4102 + F4101) of a branch, optionally of one G/L class, updated on or after a date: what
    /// JDE_ITEM_MASTER_TO_BAKERY_OPS returns for <c>bu</c>, <c>glCat</c> and <c>rDate</c>. The sample's items, with
    /// the edits made through <see cref="SetItemBranch"/> and <see cref="RemoveItemBranch"/> on top.
    /// </summary>
    public JdeItemBranchPage QueryItemMaster(string businessUnit, string? glClass, DateOnly updatedOnOrAfter, int maxRecords = int.MaxValue)
    {
        var mcu = businessUnit.Trim();
        var glFilter = string.IsNullOrWhiteSpace(glClass) ? null : glClass.Trim();
        var matches = Read(() => ItemBranchesOf(mcu))
            .Where(r => glFilter is null || string.Equals(r.Glpt, glFilter, StringComparison.OrdinalIgnoreCase))
            .Where(r => r.Upmj >= updatedOnOrAfter)
            .OrderBy(r => r.Itm)
            .ToList();
        return matches.Count > maxRecords ? new JdeItemBranchPage(matches.Take(maxRecords).ToList(), true) : new JdeItemBranchPage(matches, false);
    }

    /// <summary>
    /// Adds an item-branch row or replaces one, as a JD Edwards user maintaining the item master (P4101/P41026) would;
    /// its UPMJ is the row's. Kept in memory: a restarted simulator lists the sample's item master again.
    /// </summary>
    public void SetItemBranch(JdeItemBranchRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var mcu = row.Mcu.Trim();
        if (!_branches.ContainsKey(mcu))
        {
            throw new ArgumentException($"Branch {mcu} is not a branch of the simulator.", nameof(row));
        }

        Write(() => _itemBranchEdits[(row.Itm, mcu)] = row with { Mcu = mcu });
    }

    /// <summary>Removes an item from a branch (its F4102 row), so the item master no longer lists it there.</summary>
    public void RemoveItemBranch(int shortItemNumber, string businessUnit) =>
        Write(() => _itemBranchEdits[(shortItemNumber, businessUnit.Trim())] = null);

    /// <summary>The item-branch row JD Edwards lists for an item in a branch, or null.</summary>
    public JdeItemBranchRow? FindItemBranch(int shortItemNumber, string businessUnit) =>
        Read(() => ItemBranchesOf(businessUnit.Trim()).FirstOrDefault(r => r.Itm == shortItemNumber));

    private List<JdeItemBranchRow> ItemBranchesOf(string mcu)
    {
        var rows = _data.Items
            .Where(i => i.Branches.Contains(mcu, StringComparer.Ordinal) && !_itemBranchEdits.ContainsKey((i.ShortItemNumber, mcu)))
            .Select(i => ToItemBranchRow(i, mcu))
            .ToList();
        rows.AddRange(_itemBranchEdits.Where(e => e.Key.Mcu == mcu && e.Value is not null).Select(e => e.Value!));
        return rows;
    }

    /// <summary>On-hand per item, branch and lot, optionally of one branch; zero balances of posted lots included.</summary>
    public IReadOnlyList<JdeBalance> GetBalances(string? businessUnit = null) => Read(() =>
    {
        var mcu = businessUnit?.Trim();
        return _keys
            .Where(k => mcu is null || string.Equals(k.Mcu, mcu, StringComparison.Ordinal))
            .Select(ToBalance)
            .ToList();
    });

    /// <summary>
    /// Postings whose stored explanation (TREX, cut to 30 characters like the real column) equals the given text cut
    /// the same way, or starts with it when <paramref name="prefix"/> is set: how a client finds out whether a post
    /// whose response it lost was written.
    /// </summary>
    public IReadOnlyList<JdePosting> FindPostingsByExplanation(string explanation, bool prefix = false)
    {
        var key = CutExplanation(explanation);
        return Read(() =>
        {
            var documents = prefix
                ? _postedDocumentsByExplanation.Where(p => p.Key.StartsWith(key, StringComparison.Ordinal)).SelectMany(p => p.Value)
                : _postedDocumentsByExplanation.TryGetValue(key, out var exact) ? exact : [];
            return documents.Distinct().Order().Select(BuildPosting).ToList();
        });
    }

    /// <summary>A document written through <see cref="PostAdjustment"/>, or null.</summary>
    public JdePosting? FindPosting(int documentNumber) =>
        Read(() => _postedEntriesByDocument.ContainsKey(documentNumber) ? BuildPosting(documentNumber) : null);

    public void Dispose() => _lock.Dispose();

    private static string CutExplanation(string? explanation)
    {
        var text = (explanation ?? string.Empty).Trim();
        return (text.Length > MaxExplanationLength ? text[..MaxExplanationLength] : text).TrimEnd();
    }

    private JdePosting BuildPosting(int document)
    {
        var rows = _postedEntriesByDocument[document].Select(i => ToRow(Entry(i))).ToList();
        var first = rows[0];
        return new JdePosting(first.Doc, first.Dct, first.Kco, first.Batch, first.Mcu, first.Trex, first.Dgl, first.Trdj, rows);
    }

    private JdeItemBranchRow ToItemBranchRow(SampleItem item, string mcu) => new(
        item.ShortItemNumber,
        item.SecondItemNumber,
        item.SecondItemNumber,
        mcu,
        item.Description1,
        item.Description2,
        item.JdeUnit,
        item.StockingType,
        item.GlClass,
        "S",
        item.Category.Length >= 3 ? item.Category[..3].ToUpperInvariant() : item.Category.ToUpperInvariant(),
        // Lot process type 3: the lot number is entered by the user and required.
        item.LotControlled ? "3" : string.Empty,
        item.ShelfLifeDays,
        // Item master rows were set up before the ledger history; a fixed spread per item keeps rDate filters useful.
        StartDate.AddDays(-(_options.HistoryDays + 30 + (item.ShortItemNumber % 30))));

    private JdeBalance ToBalance(BalanceKey key) => new(
        key.Item.ShortItemNumber, key.Item.SecondItemNumber, key.Mcu, string.Empty, key.Lot, key.Item.JdeUnit,
        _balanceTicks[key.Index] / TicksPerUnit, _balanceUpdated[key.Index] == DateOnly.MinValue ? null : _balanceUpdated[key.Index]);

    private JdeLedgerRow ToRow(in LedgerEntry entry)
    {
        var key = _keys[entry.KeyIndex];
        var quantity = entry.QuantityTicks / TicksPerUnit;
        decimal? cost = entry.CostTicks == NoCost ? null : entry.CostTicks / TicksPerUnit;
        return new JdeLedgerRow(
            entry.Ukid, key.Item.ShortItemNumber, key.Item.SecondItemNumber, key.Mcu, string.Empty, key.Lot, _options.Company,
            entry.Doc, entry.Dct, entry.Batch, entry.Trdj, entry.Dgl, entry.Crdj, entry.Tday, quantity, key.Item.JdeUnit, cost,
            cost is null ? null : Math.Round(quantity * cost.Value, 2, MidpointRounding.AwayFromZero),
            key.Item.GlClass, entry.Explanation, key.Item.Description1, key.Item.JdeUnit);
    }

    // Binary search over a branch's entries, which are in UKID and therefore CRDJ order unless the clock went back.
    private int FirstOnOrAfter(List<int> indexes, DateOnly date)
    {
        var (low, high) = (0, indexes.Count);
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (Entry(indexes[middle]).Crdj < date)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private ref LedgerEntry Entry(int index) => ref _chunks[index >> ChunkBits][index & (ChunkSize - 1)];

    private int KeyFor(SampleItem item, string mcu, string lot)
    {
        if (_keyIndex.TryGetValue((item.ShortItemNumber, mcu, lot), out var index))
        {
            return index;
        }

        index = _keys.Count;
        _keys.Add(new BalanceKey(index, item, mcu, lot));
        _balanceTicks.Add(0);
        _balanceUpdated.Add(DateOnly.MinValue);
        _keyIndex[(item.ShortItemNumber, mcu, lot)] = index;
        return index;
    }

    /// <summary>The one way rows enter the ledger (generation, posting, loading), so the indexes and balances always agree.</summary>
    private void Append(in LedgerEntry entry)
    {
        if ((_count & (ChunkSize - 1)) == 0 && (_count >> ChunkBits) == _chunks.Count)
        {
            _chunks.Add(new LedgerEntry[ChunkSize]);
        }

        var index = _count++;
        Entry(index) = entry;
        var key = _keys[entry.KeyIndex];
        _balanceTicks[entry.KeyIndex] += entry.QuantityTicks;
        if (entry.Crdj > _balanceUpdated[entry.KeyIndex])
        {
            _balanceUpdated[entry.KeyIndex] = entry.Crdj;
        }
        if (!_entriesByBranch.TryGetValue(key.Mcu, out var branchEntries))
        {
            _entriesByBranch[key.Mcu] = branchEntries = [];
        }

        if (branchEntries.Count > 0 && Entry(branchEntries[^1]).Crdj > entry.Crdj)
        {
            _branchesOutOfDateOrder.Add(key.Mcu);
        }

        branchEntries.Add(index);
        _nextUkid = Math.Max(_nextUkid, entry.Ukid + 1);
        _nextDocument = Math.Max(_nextDocument, entry.Doc + 1);
        _nextBatch = Math.Max(_nextBatch, entry.Batch + 1);
        if (entry.Posted)
        {
            if (!_postedEntriesByDocument.TryGetValue(entry.Doc, out var documentEntries))
            {
                _postedEntriesByDocument[entry.Doc] = documentEntries = [];
                var explanation = entry.Explanation;
                if (!_postedDocumentsByExplanation.TryGetValue(explanation, out var documents))
                {
                    _postedDocumentsByExplanation[explanation] = documents = [];
                }

                documents.Add(entry.Doc);
            }

            documentEntries.Add(index);
        }
    }

    private T Read<T>(Func<T> read)
    {
        _lock.EnterReadLock();
        try
        {
            return read();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private T Write<T>(Func<T> write)
    {
        _lock.EnterWriteLock();
        try
        {
            return write();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private sealed record BalanceKey(int Index, SampleItem Item, string Mcu, string Lot);

    /// <summary>A compact F4111 row: item, branch and lot live in the balance key; quantities are 1/10 000 units.</summary>
    private readonly record struct LedgerEntry(
        long Ukid,
        long QuantityTicks,
        long CostTicks,
        int KeyIndex,
        int Doc,
        int Batch,
        DateOnly Trdj,
        DateOnly Dgl,
        DateOnly Crdj,
        int Tday,
        string Dct,
        string Explanation,
        bool Posted);
}
